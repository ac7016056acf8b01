import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** Items closer than this (in PDF points) vertically are read as one line. */
const SAME_LINE = 2;

interface Placed {
  x: number;
  y: number;
  width: number;
  text: string;
}

/**
 * The text of a PDF as a reader sees it, from an npm library (no poppler needed): each page top to
 * bottom, each line left to right, words on a line apart by at least one space and columns by more,
 * so "Total   LKR 461.55" reads in the order it is printed. Pages are separated by a form feed.
 */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items = content.items
        .filter((item): item is TextItem => 'str' in item && item.str.length > 0)
        .map((item) => ({ x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, text: item.str }));
      pages.push(layout(items));
      page.cleanup();
    }
    return pages.join('\f');
  } finally {
    await document.destroy();
  }
}

function layout(items: Placed[]): string {
  const lines: Placed[][] = [];
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l[0]!.y - item.y) <= SAME_LINE);
    if (line) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((line) => {
      line.sort((a, b) => a.x - b.x);
      let text = '';
      let end = Number.NEGATIVE_INFINITY;
      for (const item of line) {
        const gap = item.x - end;
        // A gap wider than a couple of characters is a column break: several spaces, as on paper.
        if (text) text += gap > 12 ? '   ' : gap > 1 ? ' ' : '';
        text += item.text;
        end = item.x + item.width;
      }
      return text.trimEnd();
    })
    .join('\n');
}
