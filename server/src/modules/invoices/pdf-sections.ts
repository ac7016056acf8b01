import type { InvoiceDocument } from './pdf.js';
import {
  formatAmount,
  formatDate,
  formatEnergy,
  formatMoney,
  formatPeriod,
  formatRate,
  isNegative,
  isPositive,
  paymentTermsDays,
} from './pdf-format.js';
import { COLORS, CONTENT_WIDTH, FONT, LOGO_BOX, type InvoiceCanvas, type Row } from './pdf-layout.js';

const ISSUER_WIDTH = 230;
const META_WIDTH = 230;

export function drawHeader(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  const top = canvas.y;
  const x = canvas.right - ISSUER_WIDTH;
  let y = top;
  let logoHeight = canvas.logo(invoice.logo, LOGO_BOX);
  if (logoHeight === null) {
    logoHeight = canvas.text(invoice.issuer.name, canvas.left, top, { width: 250, size: 18, bold: true, color: COLORS.accent });
  } else {
    y += canvas.text(invoice.issuer.name, x, y, { width: ISSUER_WIDTH, align: 'right', size: 10.5, bold: true });
  }
  const details = [...invoice.issuer.addressLines];
  if (invoice.issuer.taxId) details.push(`Tax ID ${invoice.issuer.taxId}`);
  for (const line of details)
    y += canvas.text(line, x, y + 2, { width: ISSUER_WIDTH, align: 'right', size: 8.5, color: COLORS.muted });
  canvas.y = Math.max(top + logoHeight, y) + 24;

  const credit = invoice.kind === 'credit_note';
  canvas.text(credit ? 'CREDIT NOTE' : 'INVOICE', canvas.left, canvas.y, { size: 24, bold: true, color: COLORS.ink });
  drawStatusStamp(canvas, invoice);
  canvas.y += 30;
  const number = invoice.number ?? 'Draft — numbered when sent';
  canvas.text(number, canvas.left, canvas.y, {
    size: 11,
    color: invoice.number ? COLORS.accent : COLORS.muted,
    bold: !!invoice.number,
  });
  canvas.y += 22;
  canvas.rule(canvas.y, COLORS.ink, 1.2);
  canvas.y += 16;
}

function drawStatusStamp(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  const stamp =
    invoice.status === 'draft'
      ? { label: 'DRAFT', color: COLORS.draft }
      : invoice.status === 'paid'
        ? { label: 'PAID', color: COLORS.paid }
        : null;
  if (!stamp) return;
  const { doc } = canvas;
  doc.font(FONT.bold).fontSize(11);
  const width = doc.widthOfString(stamp.label) + 20;
  const x = canvas.right - width;
  doc
    .save()
    .roundedRect(x, canvas.y + 4, width, 22, 3)
    .lineWidth(1.5)
    .strokeColor(stamp.color)
    .stroke()
    .restore();
  canvas.text(stamp.label, x, canvas.y + 10, { width, align: 'center', size: 11, bold: true, color: stamp.color });
}

function billToLines(billTo: InvoiceDocument['billTo']): string[] {
  const place = [billTo.city, billTo.country].filter((part): part is string => !!part).join(', ');
  const lines = [billTo.addressLine, place].filter((line): line is string => !!line);
  if (billTo.taxId) lines.push(`Tax ID ${billTo.taxId}`);
  if (billTo.contactEmail) lines.push(billTo.contactEmail);
  return lines;
}

function metaRows(invoice: InvoiceDocument): [string, string][] {
  const credit = invoice.kind === 'credit_note';
  const rows: [string, string][] = [[credit ? 'Credit note no.' : 'Invoice no.', invoice.number ?? 'Draft']];
  rows.push(['Issue date', invoice.issueDate ? formatDate(invoice.issueDate) : 'On sending']);
  if (!credit) rows.push(['Due date', invoice.dueDate ? formatDate(invoice.dueDate) : 'On sending']);
  if (credit && invoice.creditedInvoiceNumber) rows.push(['Credits invoice', invoice.creditedInvoiceNumber]);
  rows.push(['Billing period', formatPeriod(invoice.periodStartDate, invoice.periodEndDate)]);
  rows.push(['Currency', invoice.currency]);
  return rows;
}

export function drawParties(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  const top = canvas.y;
  let left = top + canvas.caption('Bill to', canvas.left, top, 250);
  left += canvas.text(invoice.billTo.name, canvas.left, left, { width: 250, size: 11, bold: true }) + 2;
  for (const line of billToLines(invoice.billTo)) left += canvas.text(line, canvas.left, left, { width: 250, size: 9.5 }) + 1;

  const x = canvas.right - META_WIDTH;
  let right =
    top + canvas.caption(invoice.kind === 'credit_note' ? 'Credit note details' : 'Invoice details', x, top, META_WIDTH);
  for (const [label, value] of metaRows(invoice)) {
    canvas.text(label, x, right, { width: 90, size: 9, color: COLORS.muted });
    right +=
      canvas.text(value, x + 90, right, { width: META_WIDTH - 90, size: 9, bold: label.endsWith('no.'), align: 'right' }) + 3;
  }
  canvas.y = Math.max(left, right) + 18;
}

function taxLabel(tax: InvoiceDocument['taxLines'][number], currency: string): string {
  const compound = tax.compound ? ', compound' : '';
  return `${tax.name} ${formatRate(tax.rate)}${compound} on ${formatAmount(tax.baseMinor, currency)}`;
}

/** The heading over a prior-period line group (late sessions of an earlier, already-invoiced period). */
export function priorGroupHeading(period: { periodStartDate: string; periodEndDate: string }): string {
  return `Prior period ${formatPeriod(period.periodStartDate, period.periodEndDate)} — late sessions that reached us after that period's invoice`;
}

export function drawLines(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  const { currency } = invoice;
  canvas.tableHeader('Description', `Amount (${currency})`);
  let group: string | null = null;
  invoice.lines.forEach((line, index) => {
    if (index > 0) canvas.rowRule();
    const prior = line.priorPeriod ?? null;
    if (prior && prior.periodStartDate !== group) {
      group = prior.periodStartDate;
      canvas.row({ label: priorGroupHeading(prior), value: '', bold: true });
      canvas.rowRule();
    }
    canvas.row({ label: line.description, value: formatAmount(line.amountMinor, currency) });
  });
  canvas.rule(canvas.y - 2, COLORS.ink, 0.75);
  canvas.y += 6;

  const labelX = canvas.right - 320;
  canvas.row({ label: 'Subtotal', value: formatAmount(invoice.subtotalMinor, currency) }, { labelX });
  for (const tax of invoice.taxLines)
    canvas.row({ label: taxLabel(tax, currency), value: formatAmount(tax.amountMinor, currency), muted: true }, { labelX });
  const credit = invoice.kind === 'credit_note';
  canvas.row(
    { label: credit ? 'Total credited' : 'Total', value: formatMoney(invoice.totalMinor, currency), bold: true },
    { labelX, ruleAbove: true, size: 11 },
  );
  if (!credit && (isPositive(invoice.paidMinor) || isPositive(invoice.creditedMinor))) {
    if (isPositive(invoice.paidMinor))
      canvas.row({ label: 'Paid', value: `-${formatAmount(invoice.paidMinor, currency)}`, muted: true }, { labelX });
    if (isPositive(invoice.creditedMinor))
      canvas.row({ label: 'Credit notes', value: `-${formatAmount(invoice.creditedMinor, currency)}`, muted: true }, { labelX });
    canvas.row(
      {
        label: isNegative(invoice.amountDueMinor)
          ? 'Amount due (negative: owed to you, returned with your payout)'
          : 'Amount due',
        value: formatMoney(invoice.amountDueMinor, currency),
        bold: true,
      },
      { labelX },
    );
  }
}

function statementRows(invoice: InvoiceDocument): Row[] {
  const { statement: s, currency } = invoice;
  const payoutOwed = isNegative(s.payoutMinor);
  const late: Row[] = (s.priorPeriods ?? []).map((p) => ({
    label: `of which late, from ${formatPeriod(p.periodStartDate, p.periodEndDate)}: ${p.sessions} sessions, ${formatEnergy(p.energyWh)}, net revenue`,
    value: formatMoney(p.netRevenueMinor, currency),
    muted: true,
  }));
  return [
    { label: 'Charging sessions', value: String(s.sessions) },
    ...late,
    { label: 'Energy delivered', value: formatEnergy(s.energyWh) },
    { label: 'Gross collected from drivers (incl. taxes)', value: formatMoney(s.grossCollectedMinor, currency) },
    { label: 'Taxes collected', value: formatMoney(s.taxesCollectedMinor, currency), muted: true },
    { label: 'Net revenue', value: formatMoney(s.netRevenueMinor, currency) },
    { label: 'Less this invoice', value: `-${formatMoney(invoice.totalMinor, currency)}` },
    { label: 'Less location-owner commissions', value: `-${formatMoney(s.locationOwnerCommissionsMinor, currency)}` },
    {
      label: payoutOwed ? 'Payout (negative: owed by you)' : 'Payout to you',
      value: formatMoney(s.payoutMinor, currency),
      bold: true,
    },
  ];
}

export function drawStatement(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  canvas.heading('Statement for the period');
  canvas.y +=
    canvas.text(
      'What your network collected in the period, and the payout after this invoice and location-owner commissions.',
      canvas.left,
      canvas.y,
      { size: 8.5, color: COLORS.muted },
    ) + 6;
  const rows = statementRows(invoice);
  rows.forEach((row, index) => {
    const last = index === rows.length - 1;
    if (index > 0 && !last) canvas.rowRule();
    canvas.row(row, { ruleAbove: last, size: last ? 11 : 9.5 });
  });
}

function termsText(invoice: InvoiceDocument): string[] {
  if (invoice.kind === 'credit_note') {
    const against = invoice.creditedInvoiceNumber ? ` on invoice ${invoice.creditedInvoiceNumber}` : '';
    return [
      `Reason: ${invoice.reason ?? 'not given'}.`,
      `This credit note reduces the amount due${against} by ${formatMoney(invoice.totalMinor, invoice.currency)}.`,
    ];
  }
  const notes: string[] = [];
  if (invoice.status === 'draft')
    notes.push('This is a draft for review. It has no number, is not payable, and its figures may change until it is sent.');
  const days = paymentTermsDays(invoice.issueDate, invoice.dueDate);
  if (invoice.status === 'paid')
    notes.push(`Paid in full — thank you. Quote ${invoice.number ?? 'the invoice number'} in any correspondence.`);
  else if (days !== null && invoice.number) {
    notes.push(
      `Payment is due within ${days} days of the issue date, by ${formatDate(invoice.dueDate)}. Please quote ${invoice.number} as the payment reference.`,
    );
  }
  notes.push(
    'Taxes apply to the subtotal in the order shown; a compound tax applies to the subtotal plus the taxes before it. Each is rounded once, half-up.',
  );
  return notes;
}

export function drawNotes(canvas: InvoiceCanvas, invoice: InvoiceDocument): void {
  canvas.heading(invoice.kind === 'credit_note' ? 'Credit note' : 'Payment terms');
  for (const note of termsText(invoice)) {
    const height = canvas.doc.font(FONT.regular).fontSize(9).heightOfString(note, { width: CONTENT_WIDTH });
    canvas.ensureSpace(height + 4);
    canvas.y += canvas.text(note, canvas.left, canvas.y, { size: 9, color: COLORS.ink }) + 4;
  }
}

export function footerText(invoice: InvoiceDocument): string {
  const what = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  return `${invoice.issuer.name} · ${what} ${invoice.number ?? '(draft)'} · ${invoice.billTo.name}`;
}
