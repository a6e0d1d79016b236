/**
 * Folding a change the core made (added highlights, refreshed notes) into the
 * composer's copy when the user kept typing while the call was running.
 *
 * A three-way merge at item level: `base` is what the core started from (the
 * composer's copy when the call was made), `server` the core's result and
 * `local` the composer's copy now. New sections and items from the server are
 * added; items the server changed are taken from it unless the user changed
 * the same item meanwhile (then the user's text wins: typed text is never
 * thrown away).
 */
import type { Briefing, Item, Section } from '../../src-main/common/briefing/model';

export function mergeServerChange(base: Briefing, server: Briefing, local: Briefing): Briefing {
  if (local === base) return server;
  const baseSections = new Map(base.sections.map((s) => [s.id, s]));
  const baseItems = new Map<string, Item>();
  for (const s of base.sections) for (const it of s.items) baseItems.set(it.id, it);
  const serverItems = new Map<string, Item>();
  for (const s of server.sections) for (const it of s.items) serverItems.set(it.id, it);

  const localIds = new Set<string>();
  for (const s of local.sections) {
    localIds.add(s.id);
    for (const it of s.items) localIds.add(it.id);
  }

  const sections: Section[] = local.sections.map((s) => {
    const items = s.items.map((it) => {
      const theirs = serverItems.get(it.id);
      const before = baseItems.get(it.id);
      // Take the server's version only of items the user left alone.
      return theirs && before && it === before ? theirs : it;
    });
    const serverSection = server.sections.find((x) => x.id === s.id);
    if (serverSection && baseSections.has(s.id)) {
      for (const it of serverSection.items) if (!baseItems.has(it.id) && !localIds.has(it.id)) items.push(it);
    }
    return { ...s, items };
  });
  for (const s of server.sections) {
    if (!baseSections.has(s.id) && !localIds.has(s.id)) sections.push(s);
  }
  return { ...local, sections };
}
