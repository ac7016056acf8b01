import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams } from '../../http/schemas.js';
import { receiptDocument } from './document.js';
import { renderReceiptPdf } from './pdf.js';

export function receiptRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/me/sessions/:id/receipt.pdf',
    {
      config: { access: 'self:sessions' },
      schema: {
        tags: ['sessions'],
        summary:
          "A receipt for one of the signed-in driver's settled sessions, as a PDF (404 for anyone else's, 409 SESSION_NOT_SETTLED before settlement)",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const receipt = await receiptDocument(db, request.params.id, actorOf(request).id);
      const pdf = await renderReceiptPdf(receipt);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="receipt-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
}
