/**
 * Invoice PDF rendering speed: N invoices (the worked example of docs/finance.md §13.2, with a PNG logo) against a
 * bare one-line pdfkit document in the same run, so a noisy machine shows up in both.
 *   npm run bench:invoice-pdf            # 500 documents
 *   npm run bench:invoice-pdf -- 2000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { renderInvoicePdf } from '../server/src/modules/invoices/pdf.js';
import { workedExampleInvoice } from '../server/test/unit/invoice-pdf-fixture.js';

const count = Number(process.argv[2] ?? 500);

function barePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Hello');
    doc.end();
  });
}

async function timeIt(label: string, render: (i: number) => Promise<Buffer>) {
  await render(0); // warm up fonts and code paths
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < count; i += 1) bytes += (await render(i)).length;
  const ms = performance.now() - started;
  const result = {
    label,
    documents: count,
    totalMs: Math.round(ms),
    msPerDocument: Number((ms / count).toFixed(2)),
    averageBytes: Math.round(bytes / count),
  };
  console.log(
    `${label.padEnd(28)} ${result.totalMs} ms for ${count} (${result.msPerDocument} ms each, ${result.averageBytes} bytes)`,
  );
  return result;
}

const invoice = workedExampleInvoice();
const results = [
  await timeIt('baseline: one-line pdfkit', () => barePdf()),
  await timeIt('invoice with PNG logo', (i) =>
    renderInvoicePdf({ ...invoice, number: `INV-2026-${String(i).padStart(6, '0')}` }),
  ),
  await timeIt('draft invoice, no logo', () => renderInvoicePdf({ ...invoice, status: 'draft', number: null, logo: null })),
];
const dir = path.resolve('bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `invoice-pdf-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ node: process.version, results }, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), file)}`);
