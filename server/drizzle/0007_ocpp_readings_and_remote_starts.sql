CREATE TABLE "remote_starts" (
	"charger_id" uuid NOT NULL,
	"remote_start_id" integer NOT NULL,
	"id_tag" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_starts_pk" PRIMARY KEY("charger_id","remote_start_id")
);
--> statement-breakpoint
DROP INDEX "meter_samples_session_at_idx";--> statement-breakpoint
ALTER TABLE "meter_samples" ADD COLUMN "clock_skew" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_starts" ADD CONSTRAINT "remote_starts_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Resent MeterValues stored twice before this migration: keep the first copy of each reading.
DELETE FROM "meter_samples" WHERE "id" IN (SELECT "id" FROM (SELECT "id", row_number() OVER (PARTITION BY "session_id", "at", "measurand", "phase", "context", "location", "charger_id", "evse_id" ORDER BY "id") AS "n" FROM "meter_samples") AS "d" WHERE "n" > 1);--> statement-breakpoint
ALTER TABLE "meter_samples" ADD CONSTRAINT "meter_samples_reading_uq" UNIQUE NULLS NOT DISTINCT("session_id","at","measurand","phase","context","location","charger_id","evse_id");