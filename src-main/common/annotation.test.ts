import { describe, expect, it } from 'vitest';
import { annotationSchema, annotationsFileSchema, emptyAnnotationsFile, positionSelector, quoteSelector, splitSelectors, type Annotation } from './annotation';

const valid: Annotation = {
  id: 'ann-1',
  articleId: 'rmrb-waic',
  target: {
    selector: [
      { type: 'TextQuoteSelector', exact: '徐晓兰', prefix: '工信部副部长', suffix: '介绍，工信部' },
      { type: 'TextPositionSelector', start: 10, end: 13 },
    ],
  },
  color: 'policy',
  note: '**要点**：五个方面',
  tags: ['工信部', 'policy'],
  created: '2023-07-10T08:00:00.000Z',
  modified: '2023-07-10T09:30:00+08:00',
};

describe('annotation model', () => {
  it('reads the selectors by kind', () => {
    expect(quoteSelector(valid).exact).toBe('徐晓兰');
    expect(positionSelector(valid).start).toBe(10);
    const [q, p] = valid.target.selector;
    expect(splitSelectors([p, q])).toEqual({ quote: q, position: p });
    expect(splitSelectors([])).toEqual({});
  });

  it('accepts a valid annotations file', () => {
    const file = { ...emptyAnnotationsFile('rmrb-waic'), annotations: [valid, { ...valid, id: 'ann-2', orphan: true }] };
    expect(annotationsFileSchema.parse(file)).toEqual(file);
  });

  const broken: Array<[string, (a: Annotation) => unknown, string]> = [
    ['unknown colour', (a) => ({ ...a, color: 'purple' }), 'color'],
    ['empty quote', (a) => ({ ...a, target: { selector: [{ ...a.target.selector[0], exact: '' }, a.target.selector[1]] } }), 'target.selector.0.exact'],
    [
      'position end before start',
      (a) => ({ ...a, target: { selector: [a.target.selector[0], { ...a.target.selector[1], end: 2 }] } }),
      'target.selector.1.end',
    ],
    ['negative offset', (a) => ({ ...a, target: { selector: [a.target.selector[0], { ...a.target.selector[1], start: -1 }] } }), 'target.selector.1.start'],
    ['selectors in the wrong order', (a) => ({ ...a, target: { selector: [a.target.selector[1], a.target.selector[0]] } }), 'target.selector.0.type'],
    ['created not a date', (a) => ({ ...a, created: 'yesterday' }), 'created'],
    ['empty tag', (a) => ({ ...a, tags: ['ok', ''] }), 'tags.1'],
    ['unknown field', (a) => ({ ...a, colour: 'key' }), ''],
  ];
  it.each(broken)('rejects %s, naming the field', (_name, damage, path) => {
    const result = annotationSchema.safeParse(damage(valid));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('rejects a file of another schema version', () => {
    expect(annotationsFileSchema.safeParse({ schemaVersion: 2, articleId: 'x', annotations: [] }).success).toBe(false);
  });
});
