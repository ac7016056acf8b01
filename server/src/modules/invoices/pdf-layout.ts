import PDFDocument from 'pdfkit';

/** A4 in PostScript points, and the page furniture every invoice page shares. */
export const PAGE = { width: 595.28, height: 841.89, margin: 50, footerHeight: 40 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const COLORS = {
  ink: '#1f2933',
  muted: '#6b7280',
  accent: '#0b6e79',
  rule: '#d5dbe1',
  band: '#eef3f5',
  draft: '#c92a2a',
  paid: '#2b8a3e',
} as const;

/** Where a header's logo is fitted. */
export const LOGO_BOX = { width: 160, height: 56 } as const;

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;

/** An uploaded logo as stored (organization_logos). */
export interface PdfLogo {
  mimeType: string;
  data: Buffer;
}

/** pdfkit embeds PNG and JPEG only; the bytes must say so too (a mislabelled upload is left out). */
function embeddableLogo(logo: PdfLogo | null): Buffer | null {
  if (!logo) return null;
  const { data } = logo;
  const png = logo.mimeType === 'image/png' && data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpeg = logo.mimeType === 'image/jpeg' && data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  return png || jpeg ? data : null;
}

export interface Row {
  label: string;
  value: string;
  bold?: boolean;
  muted?: boolean;
}

/**
 * A cursor over a pdfkit document: sections write at `y` and move it down; anything that would run
 * into the footer goes to a new page first. Pages are buffered so the footer can say "Page 1 of 2".
 */
export class InvoiceCanvas {
  readonly doc: PDFKit.PDFDocument;
  y: number = PAGE.margin;

  constructor(title: string) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: PAGE.margin,
      bufferPages: true,
      info: { Title: title, Author: 'Chargeboard', Creator: 'Chargeboard' },
    });
    this.doc.font(FONT.regular).fillColor(COLORS.ink);
  }

  get left(): number {
    return PAGE.margin;
  }

  get right(): number {
    return PAGE.width - PAGE.margin;
  }

  /** Starts a new page when fewer than `height` points are left above the footer. */
  ensureSpace(height: number): void {
    if (this.y + height <= PAGE.height - PAGE.margin - PAGE.footerHeight) return;
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  text(
    value: string,
    x: number,
    y: number,
    options: { width?: number; align?: 'left' | 'right' | 'center'; size?: number; bold?: boolean; color?: string } = {},
  ): number {
    const { doc } = this;
    doc
      .font(options.bold ? FONT.bold : FONT.regular)
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? COLORS.ink);
    const width = options.width ?? CONTENT_WIDTH;
    doc.text(value, x, y, { width, align: options.align ?? 'left', lineBreak: true });
    return doc.heightOfString(value, { width });
  }

  /**
   * The logo fitted into `box` at the cursor; its height, or null when there is none to show (the
   * caller then prints the organization's name in its place).
   */
  logo(logo: PdfLogo | null, box: { width: number; height: number }): number | null {
    const data = embeddableLogo(logo);
    if (!data) return null;
    try {
      this.doc.image(data, this.left, this.y, { fit: [box.width, box.height] });
      return box.height;
    } catch {
      return null; // a corrupt image must not stop the document
    }
  }

  rule(y: number, color: string = COLORS.rule, weight = 0.75): void {
    this.doc.save().moveTo(this.left, y).lineTo(this.right, y).lineWidth(weight).strokeColor(color).stroke().restore();
  }

  /** A small upper-case caption above a block ("BILL TO", "STATEMENT"). */
  caption(label: string, x: number, y: number, width: number): number {
    this.text(label.toUpperCase(), x, y, { width, size: 7.5, bold: true, color: COLORS.accent });
    return 13;
  }

  /** A section heading across the page with a rule under it. */
  heading(label: string): void {
    this.ensureSpace(60);
    this.y += 14;
    this.text(label, this.left, this.y, { size: 11, bold: true, color: COLORS.accent });
    this.y += 16;
    this.rule(this.y, COLORS.accent, 1);
    this.y += 6;
  }

  /** The shaded header row of the line table. */
  tableHeader(label: string, valueLabel: string): void {
    this.ensureSpace(24);
    this.doc.save().rect(this.left, this.y, CONTENT_WIDTH, 20).fill(COLORS.band).restore();
    this.text(label, this.left + 8, this.y + 6, { width: CONTENT_WIDTH - 140, size: 8.5, bold: true, color: COLORS.muted });
    this.text(valueLabel, this.right - 148, this.y + 6, {
      width: 140,
      size: 8.5,
      bold: true,
      color: COLORS.muted,
      align: 'right',
    });
    this.y += 24;
  }

  /** One label/amount row; `indent` moves the label right (totals sit under the amount column). */
  row(row: Row, options: { labelX?: number; ruleAbove?: boolean; size?: number } = {}): void {
    const labelX = options.labelX ?? this.left + 8;
    const labelWidth = this.right - 160 - labelX;
    const size = options.size ?? 9.5;
    const height = Math.max(this.doc.font(FONT.regular).fontSize(size).heightOfString(row.label, { width: labelWidth }), 12);
    this.ensureSpace(height + 8);
    if (options.ruleAbove) {
      this.doc
        .save()
        .moveTo(labelX, this.y)
        .lineTo(this.right, this.y)
        .lineWidth(0.75)
        .strokeColor(COLORS.ink)
        .stroke()
        .restore();
      this.y += 5;
    }
    const color = row.muted ? COLORS.muted : COLORS.ink;
    this.text(row.label, labelX, this.y, { width: labelWidth, size, bold: row.bold, color });
    this.text(row.value, this.right - 158, this.y, { width: 150, size, bold: row.bold, color, align: 'right' });
    this.y += height + 6;
  }

  /** A thin rule between table rows. */
  rowRule(): void {
    this.rule(this.y - 3);
  }

  /** Footer and watermark on every page, once all content is laid out. */
  finishPages(footerLeft: string, watermark: string | null): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      doc.switchToPage(index);
      // Writing below the bottom margin would otherwise make pdfkit start yet another page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const footerY = PAGE.height - PAGE.margin + 8;
      this.rule(footerY - 6);
      this.text(footerLeft, this.left, footerY, { width: CONTENT_WIDTH - 100, size: 7.5, color: COLORS.muted });
      this.text(`Page ${index - range.start + 1} of ${range.count}`, this.right - 100, footerY, {
        width: 100,
        size: 7.5,
        color: COLORS.muted,
        align: 'right',
      });
      if (watermark) this.watermark(watermark);
      doc.page.margins.bottom = bottom;
    }
  }

  private watermark(label: string): void {
    const { doc } = this;
    doc.save();
    doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
    doc.font(FONT.bold).fontSize(130).fillColor(COLORS.draft).fillOpacity(0.09);
    const width = doc.widthOfString(label);
    doc.text(label, PAGE.width / 2 - width / 2, PAGE.height / 2 - 60, { lineBreak: false });
    doc.restore();
  }

  toBuffer(): Promise<Buffer> {
    const { doc } = this;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }
}
