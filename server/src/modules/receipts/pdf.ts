import { DateTime } from 'luxon';
import {
  formatAmount,
  formatDate,
  formatDuration,
  formatEnergy,
  formatMoney,
  formatRate,
  formatTime,
  formatUnitPrice,
} from '../invoices/pdf-format.js';
import { COLORS, InvoiceCanvas, LOGO_BOX } from '../invoices/pdf-layout.js';
import type { ReceiptDocument } from './document.js';

const DETAILS_LABEL_WIDTH = 110;

/** A price line in the words of the dashboard's cost breakdown: "Energy 13.5 kWh × LKR 90.00/kWh". */
function priceLineLabel(line: ReceiptDocument['lines'][number], currency: string): string {
  const price = formatUnitPrice(line.unitPrice, currency);
  const quantity = line.quantity.includes('.') ? line.quantity.replace(/0+$/, '').replace(/\.$/, '') : line.quantity;
  switch (line.type) {
    case 'ENERGY':
      return `Energy ${quantity} kWh × ${price}/kWh`;
    case 'TIME':
      return `Charging time ${quantity} h × ${price}/h`;
    case 'PARKING_TIME':
      return `Parking time ${quantity} h × ${price}/h`;
    case 'FLAT':
      return quantity === '1' ? `Session fee ${price}` : `Session fee ${quantity} × ${price}`;
    default:
      return `${line.type} ${quantity} × ${price}`;
  }
}

const OPERATOR_WIDTH = 230;

function drawHeader(canvas: InvoiceCanvas, receipt: ReceiptDocument): void {
  const top = canvas.y;
  const x = canvas.right - OPERATOR_WIDTH;
  let y = top;
  let logoHeight = canvas.logo(receipt.operator.logo, LOGO_BOX);
  if (logoHeight === null) {
    logoHeight = canvas.text(receipt.operator.name, canvas.left, top, { width: 250, size: 18, bold: true, color: COLORS.accent });
  } else {
    y += canvas.text(receipt.operator.name, x, y, { width: OPERATOR_WIDTH, align: 'right', size: 10.5, bold: true });
  }
  for (const line of receipt.operator.details)
    y += canvas.text(line, x, y + 2, { width: OPERATOR_WIDTH, align: 'right', size: 8.5, color: COLORS.muted });
  canvas.y = Math.max(top + logoHeight, y) + 24;
  canvas.text('RECEIPT', canvas.left, canvas.y, { size: 24, bold: true });
  canvas.y += 30;
  canvas.text(`Transaction ${receipt.transactionId}`, canvas.left, canvas.y, { size: 11, bold: true, color: COLORS.accent });
  canvas.y += 22;
  canvas.rule(canvas.y, COLORS.ink, 1.2);
  canvas.y += 16;
}

function drawSession(canvas: InvoiceCanvas, r: ReceiptDocument): void {
  const rows: [string, string][] = [
    ['Date', formatDate(DateTime.fromJSDate(r.startedAt, { zone: r.timeZone }).toISODate())],
    ['Started – stopped', `${formatTime(r.startedAt, r.timeZone)} – ${formatTime(r.stoppedAt, r.timeZone)} (${r.timeZone})`],
    ['Site', r.siteName],
    ['Charger', r.chargerName],
    ['Connector', r.connectorId === null ? '—' : String(r.connectorId)],
    ['Energy', formatEnergy(r.energyWh)],
    ['Duration', formatDuration(Math.max(0, Math.floor((r.stoppedAt.getTime() - r.startedAt.getTime()) / 1000)))],
  ];
  canvas.y += canvas.caption('Charging session', canvas.left, canvas.y, 250);
  for (const [label, value] of rows) {
    canvas.text(label, canvas.left, canvas.y, { width: DETAILS_LABEL_WIDTH, size: 9.5, color: COLORS.muted });
    canvas.y += canvas.text(value, canvas.left + DETAILS_LABEL_WIDTH, canvas.y, { width: 300, size: 9.5 }) + 4;
  }
}

function drawPrice(canvas: InvoiceCanvas, r: ReceiptDocument): void {
  const c = r.currency;
  canvas.heading('Price');
  canvas.tableHeader('Description', `Amount (${c})`);
  r.lines.forEach((line, index) => {
    if (index > 0) canvas.rowRule();
    canvas.row({ label: priceLineLabel(line, c), value: formatAmount(line.amountMinor, c) });
  });
  canvas.rule(canvas.y - 2, COLORS.ink, 0.75);
  canvas.y += 6;
  const labelX = canvas.right - 320;
  if (r.discountMinor !== 0n) canvas.row({ label: 'Discount', value: formatAmount(-r.discountMinor, c) }, { labelX });
  canvas.row({ label: 'Net', value: formatAmount(r.netMinor, c) }, { labelX });
  for (const tax of r.taxLines) {
    const label = `${tax.name} ${formatRate(tax.rate)}${tax.compound ? ', compound' : ''} on ${formatAmount(tax.baseMinor, c)}`;
    canvas.row({ label, value: formatAmount(tax.amountMinor, c), muted: true }, { labelX });
  }
  canvas.row({ label: 'Total', value: formatMoney(r.grossMinor, c), bold: true }, { labelX, ruleAbove: true, size: 11 });
}

function drawPayment(canvas: InvoiceCanvas, r: ReceiptDocument): void {
  canvas.heading('Payment');
  if (r.payments.length === 0) {
    canvas.row({ label: r.unpaidStatus, value: formatMoney(r.grossMinor, r.currency), bold: true });
    return;
  }
  for (const payment of r.payments) canvas.row({ label: payment.label, value: formatMoney(payment.amountMinor, r.currency) });
}

/** A driver's receipt for one settled session: one A4 page drawn with the invoice PDF's canvas. */
export async function renderReceiptPdf(receipt: ReceiptDocument): Promise<Buffer> {
  const canvas = new InvoiceCanvas(`Receipt ${receipt.transactionId} — ${receipt.operator.name}`);
  drawHeader(canvas, receipt);
  drawSession(canvas, receipt);
  drawPrice(canvas, receipt);
  drawPayment(canvas, receipt);
  canvas.finishPages(`${receipt.operator.name} · Receipt for transaction ${receipt.transactionId}`, null);
  return canvas.toBuffer();
}
