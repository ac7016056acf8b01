CREATE TABLE "ledger_postings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid,
	"account" text NOT NULL,
	"ref" text,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_token_id" uuid,
	"user_id" uuid,
	"gateway" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"charger_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone NOT NULL,
	"energy_wh" bigint NOT NULL,
	"tariff_id" uuid,
	"tariff_version" integer,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"lines_total_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_lines" jsonb NOT NULL,
	"tax_minor" bigint NOT NULL,
	"gross_minor" bigint NOT NULL,
	"payment_method" text NOT NULL,
	"gateway" text,
	"gateway_fee_minor" bigint NOT NULL,
	"gateway_fee_bearer" text NOT NULL,
	"commission_contract_id" uuid,
	"platform_commission_minor" bigint NOT NULL,
	"location_owner_id" uuid,
	"location_owner_share" text,
	"location_owner_commission_minor" bigint NOT NULL,
	"partner_share_minor" bigint NOT NULL,
	"energy_cost_minor" bigint NOT NULL,
	"margin_minor" bigint NOT NULL,
	"settled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariff_versions" (
	"tariff_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tariff_versions_pk" PRIMARY KEY("tariff_id","version")
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"elements" jsonb NOT NULL,
	"site_id" uuid,
	"charger_id" uuid,
	"connector_id" integer,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_id_token_id_id_tokens_id_fk" FOREIGN KEY ("id_token_id") REFERENCES "public"."id_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_commission_contract_id_commission_contracts_id_fk" FOREIGN KEY ("commission_contract_id") REFERENCES "public"."commission_contracts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_settlements" ADD CONSTRAINT "session_settlements_location_owner_id_users_id_fk" FOREIGN KEY ("location_owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_postings_org_at_idx" ON "ledger_postings" USING btree ("organization_id","at");--> statement-breakpoint
CREATE INDEX "ledger_postings_session_idx" ON "ledger_postings" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_token_uq" ON "payment_methods" USING btree ("id_token_id") WHERE "payment_methods"."id_token_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_user_uq" ON "payment_methods" USING btree ("user_id") WHERE "payment_methods"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "session_settlements_session_uq" ON "session_settlements" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "session_settlements_org_stopped_idx" ON "session_settlements" USING btree ("organization_id","stopped_at");--> statement-breakpoint
CREATE INDEX "session_settlements_tariff_idx" ON "session_settlements" USING btree ("tariff_id");--> statement-breakpoint
CREATE INDEX "tariffs_org_idx" ON "tariffs" USING btree ("organization_id","valid_from");