ALTER TABLE "session_settlements" ADD COLUMN "invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_settlements_uninvoiced_idx" ON "session_settlements" USING btree ("organization_id","stopped_at") WHERE "session_settlements"."invoice_id" IS NULL;--> statement-breakpoint
CREATE INDEX "session_settlements_invoice_idx" ON "session_settlements" USING btree ("invoice_id");--> statement-breakpoint
-- Sessions already on an invoice keep it: those that had settled when the invoice was (re)generated and
-- ended in its period. A session settled after that was never on it and is picked up by the next invoice.
UPDATE "session_settlements" s SET "invoice_id" = i."id"
FROM "invoices" i
WHERE i."kind" = 'invoice' AND i."organization_id" = s."organization_id" AND i."currency" = s."currency"
  AND s."stopped_at" >= i."period_start" AND s."stopped_at" < i."period_end" AND s."settled_at" <= i."generated_at";
