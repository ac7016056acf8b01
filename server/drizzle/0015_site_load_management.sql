CREATE TABLE "load_allocations" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"charger_id" uuid NOT NULL,
	"limit_w" integer NOT NULL,
	"paused" boolean NOT NULL,
	"answer" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "load_refusals" (
	"charger_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_load_management" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"limit_kw" numeric(12, 3),
	"strategy" text DEFAULT 'equal-share' NOT NULL,
	"minimum_kw" numeric(10, 3) DEFAULT '4.2' NOT NULL,
	"phases" integer DEFAULT 3 NOT NULL,
	"voltage_v" integer DEFAULT 230 NOT NULL,
	"rate_unit" text DEFAULT 'A' NOT NULL,
	"priority_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "load_allocations" ADD CONSTRAINT "load_allocations_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_allocations" ADD CONSTRAINT "load_allocations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_allocations" ADD CONSTRAINT "load_allocations_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_refusals" ADD CONSTRAINT "load_refusals_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_refusals" ADD CONSTRAINT "load_refusals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_load_management" ADD CONSTRAINT "site_load_management_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_load_management" ADD CONSTRAINT "site_load_management_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "load_allocations_site_idx" ON "load_allocations" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "charging_sessions_site_active_idx" ON "charging_sessions" USING btree ("site_id") WHERE "charging_sessions"."status" = 'active';