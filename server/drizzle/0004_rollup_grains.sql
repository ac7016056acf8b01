CREATE TABLE "organization_daily_rollups" (
	"organization_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	"currency" text NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"duration_seconds" bigint DEFAULT 0 NOT NULL,
	"idle_seconds" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"gateway_fee_minor" bigint DEFAULT 0 NOT NULL,
	"platform_commission_minor" bigint DEFAULT 0 NOT NULL,
	"location_owner_commission_minor" bigint DEFAULT 0 NOT NULL,
	"partner_share_minor" bigint DEFAULT 0 NOT NULL,
	"energy_cost_minor" bigint DEFAULT 0 NOT NULL,
	"margin_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "organization_daily_rollups_pk" PRIMARY KEY("organization_id","local_date","currency")
);
--> statement-breakpoint
CREATE TABLE "organization_hourly_rollups" (
	"organization_id" uuid NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"duration_seconds" bigint DEFAULT 0 NOT NULL,
	"idle_seconds" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"gateway_fee_minor" bigint DEFAULT 0 NOT NULL,
	"platform_commission_minor" bigint DEFAULT 0 NOT NULL,
	"location_owner_commission_minor" bigint DEFAULT 0 NOT NULL,
	"partner_share_minor" bigint DEFAULT 0 NOT NULL,
	"energy_cost_minor" bigint DEFAULT 0 NOT NULL,
	"margin_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "organization_hourly_rollups_pk" PRIMARY KEY("organization_id","hour_start","currency")
);
--> statement-breakpoint
CREATE TABLE "organization_monthly_rollups" (
	"organization_id" uuid NOT NULL,
	"local_month" date NOT NULL,
	"currency" text NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"duration_seconds" bigint DEFAULT 0 NOT NULL,
	"idle_seconds" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"gateway_fee_minor" bigint DEFAULT 0 NOT NULL,
	"platform_commission_minor" bigint DEFAULT 0 NOT NULL,
	"location_owner_commission_minor" bigint DEFAULT 0 NOT NULL,
	"partner_share_minor" bigint DEFAULT 0 NOT NULL,
	"energy_cost_minor" bigint DEFAULT 0 NOT NULL,
	"margin_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "organization_monthly_rollups_pk" PRIMARY KEY("organization_id","local_month","currency")
);
--> statement-breakpoint
CREATE TABLE "settlement_monthly_rollups" (
	"charger_id" uuid NOT NULL,
	"local_month" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"duration_seconds" bigint DEFAULT 0 NOT NULL,
	"idle_seconds" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"gateway_fee_minor" bigint DEFAULT 0 NOT NULL,
	"platform_commission_minor" bigint DEFAULT 0 NOT NULL,
	"location_owner_commission_minor" bigint DEFAULT 0 NOT NULL,
	"partner_share_minor" bigint DEFAULT 0 NOT NULL,
	"energy_cost_minor" bigint DEFAULT 0 NOT NULL,
	"margin_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "settlement_monthly_rollups_pk" PRIMARY KEY("charger_id","local_month","currency")
);
--> statement-breakpoint
ALTER TABLE "organization_daily_rollups" ADD CONSTRAINT "organization_daily_rollups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_hourly_rollups" ADD CONSTRAINT "organization_hourly_rollups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_monthly_rollups" ADD CONSTRAINT "organization_monthly_rollups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_monthly_rollups" ADD CONSTRAINT "settlement_monthly_rollups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "settlement_monthly_rollups_org_month_idx" ON "settlement_monthly_rollups" USING btree ("organization_id","local_month");--> statement-breakpoint
CREATE INDEX "settlement_monthly_rollups_site_month_idx" ON "settlement_monthly_rollups" USING btree ("site_id","local_month");--> statement-breakpoint
-- Backfill the new grains from the daily rollups, so databases settled before this migration stay right.
INSERT INTO "settlement_monthly_rollups" ("charger_id", "local_month", "organization_id", "site_id", "currency", "sessions", "energy_wh", "duration_seconds", "idle_seconds", "net_minor", "tax_minor", "gross_minor", "gateway_fee_minor", "platform_commission_minor", "location_owner_commission_minor", "partner_share_minor", "energy_cost_minor", "margin_minor")
SELECT "charger_id", date_trunc('month', "local_date"::timestamp)::date, (array_agg("organization_id" ORDER BY "local_date"))[1], (array_agg("site_id" ORDER BY "local_date"))[1], "currency", sum("sessions"), sum("energy_wh"), sum("duration_seconds"), sum("idle_seconds"), sum("net_minor"), sum("tax_minor"), sum("gross_minor"), sum("gateway_fee_minor"), sum("platform_commission_minor"), sum("location_owner_commission_minor"), sum("partner_share_minor"), sum("energy_cost_minor"), sum("margin_minor")
FROM "settlement_daily_rollups"
GROUP BY "charger_id", date_trunc('month', "local_date"::timestamp)::date, "currency";
--> statement-breakpoint
INSERT INTO "organization_daily_rollups" ("organization_id", "local_date", "currency", "sessions", "energy_wh", "duration_seconds", "idle_seconds", "net_minor", "tax_minor", "gross_minor", "gateway_fee_minor", "platform_commission_minor", "location_owner_commission_minor", "partner_share_minor", "energy_cost_minor", "margin_minor")
SELECT "organization_id", "local_date", "currency", sum("sessions"), sum("energy_wh"), sum("duration_seconds"), sum("idle_seconds"), sum("net_minor"), sum("tax_minor"), sum("gross_minor"), sum("gateway_fee_minor"), sum("platform_commission_minor"), sum("location_owner_commission_minor"), sum("partner_share_minor"), sum("energy_cost_minor"), sum("margin_minor")
FROM "settlement_daily_rollups"
GROUP BY "organization_id", "local_date", "currency";
--> statement-breakpoint
INSERT INTO "organization_monthly_rollups" ("organization_id", "local_month", "currency", "sessions", "energy_wh", "duration_seconds", "idle_seconds", "net_minor", "tax_minor", "gross_minor", "gateway_fee_minor", "platform_commission_minor", "location_owner_commission_minor", "partner_share_minor", "energy_cost_minor", "margin_minor")
SELECT "organization_id", date_trunc('month', "local_date"::timestamp)::date, "currency", sum("sessions"), sum("energy_wh"), sum("duration_seconds"), sum("idle_seconds"), sum("net_minor"), sum("tax_minor"), sum("gross_minor"), sum("gateway_fee_minor"), sum("platform_commission_minor"), sum("location_owner_commission_minor"), sum("partner_share_minor"), sum("energy_cost_minor"), sum("margin_minor")
FROM "settlement_daily_rollups"
GROUP BY "organization_id", date_trunc('month', "local_date"::timestamp)::date, "currency";
--> statement-breakpoint
-- Hours are finer than days: the hourly grain is built from the settlements themselves (their current
-- figures, re-pricing included), which is what the rollups add up.
INSERT INTO "organization_hourly_rollups" ("organization_id", "hour_start", "currency", "sessions", "energy_wh", "duration_seconds", "idle_seconds", "net_minor", "tax_minor", "gross_minor", "gateway_fee_minor", "platform_commission_minor", "location_owner_commission_minor", "partner_share_minor", "energy_cost_minor", "margin_minor")
SELECT "organization_id", date_trunc('hour', "stopped_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "currency", count(*), sum("energy_wh"), sum(greatest(0, round(extract(epoch FROM "stopped_at" - "started_at")))), sum("idle_seconds"), sum("net_minor"), sum("tax_minor"), sum("gross_minor"), sum("gateway_fee_minor"), sum("platform_commission_minor"), sum("location_owner_commission_minor"), sum("partner_share_minor"), sum("energy_cost_minor"), sum("margin_minor")
FROM "session_settlements"
GROUP BY 1, 2, 3;
