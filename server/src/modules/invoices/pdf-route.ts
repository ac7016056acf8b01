import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams } from '../../http/schemas.js';
import { notFound } from '../../errors.js';
import { invoiceDocument, pdfFileName } from './document.js';
import { renderInvoicePdf } from './pdf.js';
import { findInvoice } from './queries.js';
import { invoiceScope } from './service.js';

export function invoicePdfRoute(app: TypedApp, { db, config }: AppDeps): void {
  app.get(
    '/api/v1/invoices/:id/pdf',
    {
      config: { access: 'invoices:read' },
      schema: {
        tags: ['invoices'],
        summary: 'The invoice or credit note as a PDF (drafts are watermarked DRAFT)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const listed = await findInvoice(db, request.params.id, invoiceScope(actorOf(request).scope));
      if (!listed) throw notFound('Invoice');
      const pdf = await renderInvoicePdf(await invoiceDocument(db, config.invoiceIssuer, listed));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdfFileName(listed)}"`)
        .send(pdf);
    },
  );
}
