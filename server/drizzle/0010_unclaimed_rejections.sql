CREATE TABLE "rejected_chargers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ocpp_identity" text NOT NULL,
	"protocol" text,
	"vendor" text,
	"model" text,
	"remote_address" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "rejected_chargers_identity_uq" ON "rejected_chargers" USING btree (lower("ocpp_identity"));--> statement-breakpoint
ALTER TABLE "organizations" DROP COLUMN "unknown_charger_policy";