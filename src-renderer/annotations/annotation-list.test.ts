/**
 * The renderer's annotation list: text order with orphans last, upsert and
 * removal, filters by colour and tag.
 */
import { describe, expect, it } from 'vitest';
import { filterAnnotations, removeAnnotation, sortAnnotations, tagsOf, upsertAnnotation } from './annotation-list';
import { annotationOn, sampleArticle } from './test-fixtures';

const article = sampleArticle();
const later = annotationOn(article, '开放共建', { color: 'figure', tags: ['开放'] });
const earlier = annotationOn(article, '核心产业规模', { color: 'risk', tags: ['数据', '开放'] });
const outer = annotationOn(article, '我国人工智能核心产业规模');
const orphan = annotationOn(article, '人工智能大会', { orphan: true, tags: ['数据'] });

describe('annotation list', () => {
  it('sorts by position, longer first at the same start, orphans last', () => {
    expect(sortAnnotations([orphan, later, earlier, outer]).map((a) => a.id)).toEqual([outer.id, earlier.id, later.id, orphan.id]);
  });

  it('upserts and removes by id', () => {
    const list = upsertAnnotation([later], earlier);
    expect(list.map((a) => a.id)).toEqual([earlier.id, later.id]);
    const changed = upsertAnnotation(list, { ...later, color: 'verify' });
    expect(changed.find((a) => a.id === later.id)?.color).toBe('verify');
    expect(removeAnnotation(changed, earlier.id).map((a) => a.id)).toEqual([later.id]);
  });

  it.each([
    [{ colors: [], tag: null }, 4],
    [{ colors: ['risk', 'figure'], tag: null }, 2],
    [{ colors: [], tag: '数据' }, 2],
    [{ colors: ['risk'], tag: '开放' }, 1],
  ] as const)('filter %o keeps %i', (filter, count) => {
    expect(filterAnnotations([outer, earlier, later, orphan], { colors: [...filter.colors], tag: filter.tag })).toHaveLength(count);
  });

  it('lists the tags in use', () => {
    expect(tagsOf([earlier, later, orphan])).toEqual(['开放', '数据']);
  });
});
