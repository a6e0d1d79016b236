/**
 * Word's automatic numbering, written into the text. Word stores `第一条`,
 * `一、` or `1.` not in the paragraph but in numbering.xml (ECMA-376 Part 1
 * §17.9): a level's format (`w:numFmt`: decimal, chineseCounting,
 * ideographTraditional, …) and its text pattern (`w:lvlText`, `第%1条`). A
 * converter that drops them leaves "违反本办法第一条" pointing at nothing, so
 * before mammoth reads the document each numbered paragraph gets its label
 * as a first run of text, counted the way Word counts: per list (`w:numId`),
 * deeper levels restarting when a shallower one advances, start values and
 * overrides honoured. Bullets are left to the converter (a list item).
 */

type El = Element;

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

interface Level {
  start: number;
  numFmt: string;
  lvlText: string;
  suff: 'tab' | 'space' | 'nothing';
  isLgl: boolean;
  /** Restart after this (1-based) level advances; 0 = never; default: any shallower level. */
  restart?: number;
}

function child(el: El | null | undefined, name: string): El | undefined {
  if (!el) return undefined;
  for (const c of Array.from(el.children)) if (c.localName === name && c.namespaceURI === W) return c;
  return undefined;
}

function val(el: El | undefined): string | undefined {
  return el?.getAttributeNS(W, 'val') ?? el?.getAttribute('w:val') ?? undefined;
}

function readLevel(lvl: El): Level {
  const suff = val(child(lvl, 'suff'));
  const restart = val(child(lvl, 'lvlRestart'));
  return {
    start: Number(val(child(lvl, 'start')) ?? 1) || 0,
    numFmt: val(child(lvl, 'numFmt')) ?? 'decimal',
    lvlText: val(child(lvl, 'lvlText')) ?? '',
    suff: suff === 'space' || suff === 'nothing' ? suff : 'tab',
    isLgl: !!child(lvl, 'isLgl'),
    ...(restart !== undefined ? { restart: Number(restart) } : {}),
  };
}

const CN_DIGITS = '零一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (chineseCounting). */
function chineseCount(n: number, digits = CN_DIGITS, units = ['', '十', '百', '千']): string {
  if (n <= 0 || n >= 10000) return String(n);
  const parts: string[] = [];
  const s = String(n);
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const unit = units[s.length - 1 - i];
    if (d === 0) {
      zero = parts.length > 0;
      continue;
    }
    if (zero) parts.push(digits[0]);
    zero = false;
    // 十一, not 一十一, at the start of a two-digit number.
    if (!(d === 1 && unit === units[1] && i === 0 && s.length === 2)) parts.push(digits[d]);
    parts.push(unit);
  }
  return parts.join('');
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, r] of table)
    while (n >= v) {
      out += r;
      n -= v;
    }
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  // Word repeats the letter: a … z, aa … zz.
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

/** A counter value in a level's number format (the ST_NumberFormat values Chinese documents use). */
export function formatNumber(n: number, numFmt: string): string {
  switch (numFmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'ideographDigital':
      return chineseCount(n);
    case 'chineseLegalSimplified':
      return chineseCount(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[n - 1] ?? String(n);
    case 'ideographZodiac':
      return '子丑寅卯辰巳午未申酉戌亥'[n - 1] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2488 + n - 1) : `${n}.`;
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** The gap Word draws after a label, as text: none after punctuation; a full-width space after 第一条; else a space. */
function gapAfter(label: string, suff: Level['suff']): string {
  if (suff === 'nothing' || !label) return '';
  if (/[、．。，：）)」』】]$/.test(label)) return '';
  if (/[\u4e00-\u9fff]$/.test(label)) return '\u3000';
  return ' ';
}

interface Numbering {
  /** numId → abstract levels with the num's overrides applied, by ilvl. */
  levels: Map<string, Map<number, Level>>;
  /** numId → ilvl → start override. */
  startOverrides: Map<string, Map<number, number>>;
}

function readNumbering(doc: Document): Numbering {
  const abstract = new Map<string, Map<number, Level>>();
  for (const a of Array.from(doc.getElementsByTagNameNS(W, 'abstractNum'))) {
    const id = a.getAttributeNS(W, 'abstractNumId') ?? a.getAttribute('w:abstractNumId') ?? '';
    const levels = new Map<number, Level>();
    for (const lvl of Array.from(a.children).filter((c) => c.localName === 'lvl')) {
      levels.set(Number(lvl.getAttributeNS(W, 'ilvl') ?? lvl.getAttribute('w:ilvl') ?? 0), readLevel(lvl));
    }
    abstract.set(id, levels);
  }
  const levels = new Map<string, Map<number, Level>>();
  const startOverrides = new Map<string, Map<number, number>>();
  for (const num of Array.from(doc.getElementsByTagNameNS(W, 'num'))) {
    const numId = num.getAttributeNS(W, 'numId') ?? num.getAttribute('w:numId') ?? '';
    const base = new Map(abstract.get(val(child(num, 'abstractNumId')) ?? '') ?? []);
    const starts = new Map<number, number>();
    for (const o of Array.from(num.children).filter((c) => c.localName === 'lvlOverride')) {
      const ilvl = Number(o.getAttributeNS(W, 'ilvl') ?? o.getAttribute('w:ilvl') ?? 0);
      const start = val(child(o, 'startOverride'));
      if (start !== undefined) starts.set(ilvl, Number(start));
      const lvl = child(o, 'lvl');
      if (lvl) base.set(ilvl, readLevel(lvl));
    }
    levels.set(numId, base);
    startOverrides.set(numId, starts);
  }
  return { levels, startOverrides };
}

/** Paragraph style → its numPr (numId, ilvl), following `w:basedOn`. */
function styleNumbering(styles: Document | undefined): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  if (!styles) return out;
  const byId = new Map<string, El>();
  for (const s of Array.from(styles.getElementsByTagNameNS(W, 'style'))) byId.set(s.getAttributeNS(W, 'styleId') ?? s.getAttribute('w:styleId') ?? '', s);
  for (const [id] of byId) {
    let style: El | undefined = byId.get(id);
    for (let hops = 0; style && hops < 10; hops++) {
      const numPr = child(child(style, 'pPr'), 'numPr');
      if (numPr) {
        const numId = val(child(numPr, 'numId'));
        if (numId) out.set(id, { numId, ilvl: Number(val(child(numPr, 'ilvl')) ?? 0) });
        break;
      }
      const basedOn = val(child(style, 'basedOn'));
      style = basedOn ? byId.get(basedOn) : undefined;
    }
  }
  return out;
}

/**
 * Writes each numbered paragraph's label into `document` (document.xml,
 * parsed as XML) as its first run. `numbering` and `styles` are the parsed
 * numbering.xml and styles.xml. Returns how many labels were written.
 */
export function writeNumberLabels(document: Document, numbering: Document, styles?: Document): number {
  const { levels, startOverrides } = readNumbering(numbering);
  const byStyle = styleNumbering(styles);
  const counters = new Map<string, number[]>();
  let written = 0;
  for (const p of Array.from(document.getElementsByTagNameNS(W, 'p'))) {
    const pPr = child(p, 'pPr');
    const numPr = child(pPr, 'numPr');
    let numId = val(child(numPr, 'numId'));
    let ilvl = Number(val(child(numPr, 'ilvl')) ?? 0);
    if (!numPr) {
      const styled = byStyle.get(val(child(pPr, 'pStyle')) ?? '');
      if (!styled) continue;
      numId = styled.numId;
      ilvl = styled.ilvl;
    }
    if (!numId || numId === '0') continue; // numId 0 removes numbering
    const list = levels.get(numId);
    const level = list?.get(ilvl);
    if (!list || !level || level.numFmt === 'bullet' || !level.lvlText) continue;

    let counts = counters.get(numId);
    if (!counts) {
      counts = [];
      counters.set(numId, counts);
    }
    const startOf = (l: number) => startOverrides.get(numId!)?.get(l) ?? list.get(l)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? startOf(ilvl) : counts[ilvl] + 1;
    // Deeper levels restart (unless their lvlRestart says otherwise).
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      const restart = list.get(deeper)?.restart;
      if (restart === 0) continue;
      if (restart === undefined || restart - 1 <= ilvl) delete counts[deeper];
    }
    const label = level.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const value = counts![l] ?? startOf(l);
      const fmt = level.isLgl ? 'decimal' : (list.get(l)?.numFmt ?? 'decimal');
      return formatNumber(value, fmt);
    });
    if (!label.trim()) continue;
    const run = document.createElementNS(W, 'w:r');
    const t = document.createElementNS(W, 'w:t');
    t.setAttribute('xml:space', 'preserve');
    t.textContent = label + gapAfter(label, level.suff);
    run.appendChild(t);
    // Before the first run (after pPr and any bookmarks at the start).
    const firstRun = Array.from(p.children).find((c) => c.localName !== 'pPr');
    p.insertBefore(run, firstRun ?? null);
    written++;
  }
  return written;
}
