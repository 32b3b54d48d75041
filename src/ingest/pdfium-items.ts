/**
 * PDFium's characters of one page → the text items pdf.js's getTextContent() gives (str, x, y, width, size), so that
 * groupItems (pdf-lines.ts) makes the same lines of them. Runs in the PDF worker (src/ingest/pdf-worker.ts).
 *
 * PDFium reports characters (Unicode, origin, box, the text object and its font); pdf.js reports runs of glyphs. The
 * runs are rebuilt here by pdf.js's own rules (pdf.js 5.6 src/core/evaluator.js, getTextContent): a run ends where the
 * font or its size changes, at a form XObject and at marked content (BDC/EMC), and where the next glyph is not where
 * the previous one ended — a jump back of more than 0.2 em or off the line ends it, a gap up to 0.102 em is no space,
 * a gap up to 0.6 em is one space inside the run, a wider gap ends it; space glyphs are not kept (they only move
 * the pen), a non-space after a space glyph gets a space; glyphs outside the page are dropped; compatibility
 * characters are normalised as pdf.js does (NFKC of a few ranges).
 *
 * PDFium computes in 32-bit floats, pdf.js in doubles: every number PDFium gives (origins, matrices, widths) is taken
 * as the shortest decimal that is that float — the number the PDF wrote, when it wrote one — and pdf.js's arithmetic
 * is then repeated in doubles.
 */
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { PdfItem } from './pdf-lines.js';

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

const FPDF_PAGEOBJ_TEXT = 1;
const FPDF_PAGEOBJ_IMAGE = 3;
const FPDF_PAGEOBJ_FORM = 5;

/** pdf.js's normalizeUnicode: NFKC of these compatibility characters only (src/shared/util.js) */
const NORMALIZE =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;
const normalizeUnicode = (s: string) =>
  s.replaceAll(NORMALIZE, (_, p1: string | undefined, p2: string) =>
    p1 ? p1.normalize('NFKC') : 'ſt'.repeat(p2.length),
  );
/** pdf.js's getCharUnicodeCategory: whitespace, a zero-width diacritic, an invisible format mark, or none of them */
const SPECIAL = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const WHITESPACE = 1;
const DIACRITIC = 2;
const INVISIBLE = 3;
const categories = new Map<string, number>();
function categoryOf(char: string): number {
  let cat = categories.get(char);
  if (cat === undefined) {
    const g = SPECIAL.exec(char);
    cat = g?.[1] ? WHITESPACE : g?.[2] ? DIACRITIC : g?.[3] ? INVISIBLE : 0;
    categories.set(char, cat);
  }
  return cat;
}

/** The shortest decimal that is the float32 `v` (PDFium's numbers are floats; the PDF usually wrote a short decimal). */
export function fromFloat(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  const mag = Math.abs(v);
  if (mag >= 1e5 || mag < 1e-3) return fromFloatSlow(v);
  // a float32 has one decimal of 6 significant digits at most: when one is the float, it is the shortest's value;
  // an integer divided by a power of ten is the double nearest that decimal, as Number('89.904') is
  const digits = Math.floor(Math.log10(mag)) + 1;
  for (let p = 6; p < 10; p++) {
    const scale = POW10[p - digits];
    const r = Math.round(v * scale) / scale;
    if (Math.fround(r) === v) return r;
  }
  return v;
}
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
function fromFloatSlow(v: number): number {
  for (let p = 6; p < 10; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

interface ObjInfo {
  /** the form XObject drawing it (0: the page): pdf.js reads each form's text on its own */
  ctx: number;
  /** its marked-content sections: pdf.js ends a run at BDC/BMC/EMC */
  marks: string;
  font: string;
  /** an XObject (image or form) is drawn between it and the text object before it: pdf.js ends the run at Do */
  afterXObject: boolean;
}

/** pdf.js's textContentItem and the state around it, one per content stream being read (the page, each form) */
interface RunState {
  initialized: boolean;
  str: string[];
  x: number;
  y: number;
  size: number;
  width: number;
  totalWidth: number;
  height: number;
  textAdvanceScale: number;
  prevX: number | null;
  prevY: number;
  trackingSpaceMin: number;
  notASpace: number;
  negativeSpaceMax: number;
  spaceInFlowMin: number;
  spaceInFlowMax: number;
  /** font and size at the last check (pdf.js's currentTextState) */
  font: string | null;
  fontSize: number;
  twoLastChars: [string, string];
  twoLastCharsPos: number;
}

const newState = (): RunState => ({
  initialized: false,
  str: [],
  x: 0,
  y: 0,
  size: 0,
  width: 0,
  totalWidth: 0,
  height: 0,
  textAdvanceScale: 0,
  prevX: null,
  prevY: 0,
  trackingSpaceMin: Number.POSITIVE_INFINITY,
  notASpace: Number.NEGATIVE_INFINITY,
  negativeSpaceMax: Number.NEGATIVE_INFINITY,
  spaceInFlowMin: 0,
  spaceInFlowMax: 0,
  font: null,
  fontSize: 0,
  twoLastChars: [' ', ' '],
  twoLastCharsPos: 0,
});

/**
 * The Emscripten module's views of its memory (the package's types leave them out; they are replaced when the memory
 * grows, so they are read from the module each time).
 */
export type PdfiumHeap = WrappedPdfiumModule['pdfium'] & {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
};
export const heapOf = (p: WrappedPdfiumModule): PdfiumHeap => p.pdfium as PdfiumHeap;

/** Scratch memory in the wasm heap for PDFium's out-parameters, and the readers of what it wrote. */
class Scratch {
  readonly ptr: number;
  constructor(private readonly m: PdfiumHeap) {
    this.ptr = m.wasmExports.malloc(256);
  }
  f64(i: number): number {
    return this.m.HEAPF64[(this.ptr >> 3) + i];
  }
  f32(i: number): number {
    return this.m.HEAPF32[(this.ptr >> 2) + i];
  }
  free(): void {
    this.m.wasmExports.free(this.ptr);
  }
}

/** The items of one loaded page (FPDF_PAGE), in pdf.js's order. */
export function pageItems(p: WrappedPdfiumModule, page: number): PdfItem[] {
  const m = heapOf(p);
  // PDFium's exports called directly: the package's ccall wrappers cost a third of the time, per character
  const x = m.wasmExports as unknown as Record<string, (...args: number[]) => number>;
  const scratch = new Scratch(m);
  const buf = scratch.ptr;
  const textPage = x.FPDFText_LoadPage(page);
  try {
    // the text objects: which content stream draws them, their marked content and font
    const info = new Map<number, ObjInfo>();
    const fontNames = new Map<number, string>();
    const fontName = (font: number): string => {
      let name = fontNames.get(font);
      if (name === undefined) {
        const n = x.FPDFFont_GetBaseFontName(font, buf + 64, 190);
        name = n > 0 ? new TextDecoder().decode(m.HEAPU8.subarray(buf + 64, buf + 64 + n - 1)) : `#${font}`;
        fontNames.set(font, name);
      }
      return name;
    };
    const marksOf = (obj: number): string => {
      const n = x.FPDFPageObj_CountMarks(obj);
      if (n <= 0) return '';
      const parts: string[] = [String(x.FPDFPageObj_GetMarkedContentID(obj))];
      for (let i = 0; i < n; i++) {
        const mark = x.FPDFPageObj_GetMark(obj, i);
        const len = x.FPDFPageObjMark_GetName(mark, buf + 64, 190, buf + 56) ? m.HEAPU32[(buf + 56) >> 2] : 0;
        parts.push(
          len > 2 ? String.fromCharCode(...m.HEAPU16.subarray((buf + 64) >> 1, (buf + 64 + len - 2) >> 1)) : '?',
        );
      }
      return parts.join('/');
    };
    const walk = (count: number, get: (i: number) => number, ctx: number) => {
      let afterXObject = false;
      for (let i = 0; i < count; i++) {
        const obj = get(i);
        const type = x.FPDFPageObj_GetType(obj);
        if (type === FPDF_PAGEOBJ_TEXT) {
          info.set(obj, { ctx, marks: marksOf(obj), font: fontName(x.FPDFTextObj_GetFont(obj)), afterXObject });
          afterXObject = false;
        } else if (type === FPDF_PAGEOBJ_FORM) {
          walk(x.FPDFFormObj_CountObjects(obj), (j) => x.FPDFFormObj_GetObject(obj, j), obj);
          afterXObject = true;
        } else if (type === FPDF_PAGEOBJ_IMAGE) {
          afterXObject = true;
        }
      }
    };
    walk(x.FPDFPage_CountObjects(page), (i) => x.FPDFPage_GetObject(page, i), 0);

    // pdf.js's viewBox: glyphs outside the page are not text
    x.FPDF_GetPageBoundingBox(page, buf);
    const [vl, vt, vr, vb] = [0, 1, 2, 3].map((i) => fromFloat(scratch.f32(i)));
    const view = [Math.min(vl, vr), Math.min(vb, vt), Math.max(vl, vr), Math.max(vb, vt)];

    const items: PdfItem[] = [];
    const states = new Map<number, RunState>();
    let s = newState();
    let ctx = 0;
    states.set(0, s);
    let lastObj = -1;

    const saveLastChar = (char: string): boolean => {
      const nextPos = (s.twoLastCharsPos + 1) % 2;
      const ret = s.twoLastChars[s.twoLastCharsPos] !== ' ' && s.twoLastChars[nextPos] === ' ';
      s.twoLastChars[s.twoLastCharsPos] = char;
      s.twoLastCharsPos = nextPos;
      return ret;
    };
    const shouldAddWhitespace = () =>
      s.twoLastChars[s.twoLastCharsPos] !== ' ' && s.twoLastChars[(s.twoLastCharsPos + 1) % 2] === ' ';
    const resetLastChars = () => {
      s.twoLastChars[0] = s.twoLastChars[1] = ' ';
      s.twoLastCharsPos = 0;
    };
    const flush = () => {
      if (!s.initialized) return;
      s.totalWidth += s.width * s.textAdvanceScale;
      const str = normalizeUnicode(s.str.join(''));
      items.push({ str, x: s.x, y: s.y, width: Math.abs(s.totalWidth), size: s.size });
      s.initialized = false;
      s.str.length = 0;
    };

    const isGenerated = x.FPDFText_IsGenerated;
    const getTextObject = x.FPDFText_GetTextObject;
    const getUnicode = x.FPDFText_GetUnicode;
    const getCharOrigin = x.FPDFText_GetCharOrigin;
    const getLooseCharBox = x.FPDFText_GetLooseCharBox;
    // of the current text object: its matrix (ctm × tm, without the font size) and its font size
    let ma = 1;
    let mb = 0;
    let mc = 0;
    let md = 1;
    let fontSize = 1;
    let advScale = 1;

    const n = x.FPDFText_CountChars(textPage);
    for (let k = 0; k < n; k++) {
      if (isGenerated(textPage, k)) continue;
      const obj = getTextObject(textPage, k);
      const oi = info.get(obj);
      if (!oi) continue; // not a text object of this page (PDFium's own characters)

      if (obj !== lastObj) {
        // a new text object: a Tj/TJ of its own (pdf.js checks the font each time)
        fontSize = fromFloat(x.FPDFText_GetFontSize(textPage, k));
        x.FPDFText_GetMatrix(textPage, k, buf);
        ma = fromFloat(scratch.f32(0));
        mb = fromFloat(scratch.f32(1));
        mc = fromFloat(scratch.f32(2));
        md = fromFloat(scratch.f32(3));
        advScale = Math.hypot(ma, mb);
        if (oi.ctx !== ctx) {
          flush();
          ctx = oi.ctx;
          let next = states.get(ctx);
          if (!next) {
            next = newState();
            states.set(ctx, next);
          }
          s = next;
        } else if (oi.afterXObject || (lastObj !== -1 && info.get(lastObj)?.marks !== oi.marks)) {
          flush();
        }
        if (s.font !== null && (s.fontSize !== fontSize || s.font !== oi.font)) flush();
        s.font = oi.font;
        s.fontSize = fontSize;
        lastObj = obj;
      }

      const u = getUnicode(textPage, k) >>> 0;
      const char = u && u <= 0x10ffff ? String.fromCodePoint(u) : '';
      const cat = categoryOf(char);
      if (cat === INVISIBLE) continue; // an invisible format mark
      if (cat === WHITESPACE) {
        saveLastChar(' ');
        continue;
      }
      getCharOrigin(textPage, k, buf + 32, buf + 40);
      const posX0 = fromFloat(scratch.f64(4));
      const posY0 = fromFloat(scratch.f64(5));
      getLooseCharBox(textPage, k, buf + 48);
      // FS_RECTF left, top, right, bottom: the advance along the baseline, matrix.a × the glyph's width, for PDFium
      const looseW = scratch.f32(14) - scratch.f32(12);
      const glyphUnits = fromFloat(Math.fround((looseW / (ma !== 0 ? ma : advScale || 1) / fontSize) * 1000));
      const scale = 0.001 * fontSize;
      let scaledDim = glyphUnits * scale;
      const diacritic = cat === DIACRITIC;
      // currentTransform = ctm × tm × [fontSize, 0, 0, fontSize, 0, rise]
      const t0 = ma * fontSize;
      const t1 = mb * fontSize;
      const t2 = mc * fontSize;
      const t3 = md * fontSize;
      if (!diacritic && !compare(posX0, posY0, t0, t1, t2, t3, scaledDim)) continue;

      if (!s.initialized) {
        s.x = posX0;
        s.y = posY0;
        s.size = Math.hypot(t2, t3) || Math.hypot(t0, t1) || 10;
        s.width = s.totalWidth = 0;
        s.height = Math.hypot(t2, t3);
        s.textAdvanceScale = advScale;
        s.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
        s.notASpace = fontSize * NOT_A_SPACE_FACTOR;
        s.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
        s.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
        s.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
        s.initialized = true;
      }
      if (diacritic) scaledDim = 0;
      s.width += scaledDim;
      if (scaledDim) {
        s.prevX = posX0 + ma * scaledDim;
        s.prevY = posY0 + mb * scaledDim;
      }
      if (saveLastChar(char)) s.str.push(' ');
      s.str.push(char);
    }
    for (const st of states.values()) {
      s = st;
      flush();
    }
    return items;

    /** pdf.js's compareWithLastPosition (horizontal fonts): false when the glyph is outside the page. */
    function compare(px: number, py: number, a: number, b: number, c: number, d: number, glyphWidth: number): boolean {
      let posX = px;
      let posY = py;
      if (posX + glyphWidth < view[0] || posX > view[2] || posY < view[1] || posY > view[3]) return false;
      if (s.prevX === null) return true;
      let lastPosX = s.prevX;
      let lastPosY = s.prevY;
      if (lastPosX === posX && lastPosY === posY) return true;
      let rotate = -1;
      if (a && b === 0 && c === 0) rotate = a > 0 ? 0 : 180;
      else if (b && a === 0 && d === 0) rotate = b > 0 ? 90 : 270;
      switch (rotate) {
        case 0:
          break;
        case 90:
          [posX, posY] = [posY, posX];
          [lastPosX, lastPosY] = [lastPosY, lastPosX];
          break;
        case 180:
          [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
          break;
        case 270:
          [posX, posY] = [-posY, -posX];
          [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
          break;
        default: {
          const sc = Math.hypot(a, b);
          [posX, posY] = [(a * posX + b * posY) / sc, (c * posX + d * posY) / sc];
          [lastPosX, lastPosY] = [(a * lastPosX + b * lastPosY) / sc, (c * lastPosX + d * lastPosY) / sc];
        }
      }
      const advanceX = (posX - lastPosX) / s.textAdvanceScale;
      const advanceY = posY - lastPosY;
      const textOrientation = Math.sign(s.width || s.totalWidth);
      if (advanceX < textOrientation * s.negativeSpaceMax) {
        if (Math.abs(advanceY) > 0.5 * s.height) {
          resetLastChars();
          flush();
          return true;
        }
        resetLastChars();
        flush();
        return true;
      }
      if (Math.abs(advanceY) > s.height) {
        resetLastChars();
        flush();
        return true;
      }
      if (advanceX <= textOrientation * s.notASpace) resetLastChars();
      if (advanceX <= textOrientation * s.trackingSpaceMin) {
        if (shouldAddWhitespace()) {
          resetLastChars();
          flush();
        } else {
          s.width += advanceX;
        }
      } else if (textOrientation * s.spaceInFlowMin <= advanceX && advanceX <= textOrientation * s.spaceInFlowMax) {
        if (s.initialized) {
          resetLastChars();
          s.str.push(' ');
        }
        if (s.str.length === 0) resetLastChars();
        else s.width += advanceX;
      } else {
        flush();
        resetLastChars();
      }
      if (Math.abs(advanceY) > s.height * VERTICAL_SHIFT_RATIO) flush();
      return true;
    }
  } finally {
    x.FPDFText_ClosePage(textPage);
    scratch.free();
  }
}
