CREATE TABLE "grid_bad_readings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"feed_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"raw" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_ciphertext" text,
	"thresholds" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stale_after_seconds" integer DEFAULT 30 NOT NULL,
	"health" text DEFAULT 'normal' NOT NULL,
	"health_since" timestamp with time zone DEFAULT now() NOT NULL,
	"health_reason" text,
	"last_reading_at" timestamp with time zone,
	"bad_readings" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "grid_health_changes" (
	"feed_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"health" text NOT NULL,
	"previous" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "grid_health_changes_feed_id_at_pk" PRIMARY KEY("feed_id","at")
);
--> statement-breakpoint
CREATE TABLE "grid_readings" (
	"feed_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"frequency_hz" numeric(6, 3),
	"demand_mw" numeric(12, 2),
	"generation_mw" numeric(12, 2),
	"reserve_margin_percent" numeric(7, 2),
	"renewable_percent" numeric(5, 2),
	"carbon_g_per_kwh" numeric(7, 1),
	"thermal_mw" numeric(12, 2),
	"hydro_mw" numeric(12, 2),
	"solar_mw" numeric(12, 2),
	"wind_mw" numeric(12, 2),
	CONSTRAINT "grid_readings_feed_id_at_pk" PRIMARY KEY("feed_id","at")
);
--> statement-breakpoint
ALTER TABLE "site_load_management" ADD COLUMN "grid_feed_id" uuid;--> statement-breakpoint
ALTER TABLE "site_load_management" ADD COLUMN "grid_alert_reduction_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "site_load_management" ADD COLUMN "grid_emergency_reduction_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "site_load_management" ADD COLUMN "grid_emergency_priority_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grid_bad_readings" ADD CONSTRAINT "grid_bad_readings_feed_id_grid_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."grid_feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_feeds" ADD CONSTRAINT "grid_feeds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_feeds" ADD CONSTRAINT "grid_feeds_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_health_changes" ADD CONSTRAINT "grid_health_changes_feed_id_grid_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."grid_feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_readings" ADD CONSTRAINT "grid_readings_feed_id_grid_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."grid_feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grid_bad_readings_feed_idx" ON "grid_bad_readings" USING btree ("feed_id","at");--> statement-breakpoint
CREATE INDEX "grid_feeds_organization_idx" ON "grid_feeds" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "site_load_management" ADD CONSTRAINT "site_load_management_grid_feed_id_grid_feeds_id_fk" FOREIGN KEY ("grid_feed_id") REFERENCES "public"."grid_feeds"("id") ON DELETE set null ON UPDATE no action;