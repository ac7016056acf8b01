CREATE SEQUENCE "public"."ocpp_transaction_no" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "charger_connections" (
	"charger_id" uuid PRIMARY KEY NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"protocol" text,
	"registration_status" text,
	"heartbeat_interval_seconds" integer NOT NULL,
	"remote_address" text,
	"connected_at" timestamp with time zone,
	"last_message_at" timestamp with time zone,
	"last_boot_at" timestamp with time zone,
	"offline_since" timestamp with time zone,
	"firmware_status" text,
	"diagnostics_status" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charger_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charger_id" uuid,
	"identity" text NOT NULL,
	"kind" text NOT NULL,
	"status" text,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charging_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"charger_id" uuid NOT NULL,
	"protocol" text NOT NULL,
	"transaction_id" text NOT NULL,
	"evse_id" integer,
	"connector_id" integer,
	"id_tag" text,
	"id_token_id" uuid,
	"user_id" uuid,
	"vehicle_ref" text,
	"authorization_status" text,
	"remote_start_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"started_offline" boolean DEFAULT false NOT NULL,
	"meter_start_wh" bigint,
	"meter_stop_wh" bigint,
	"energy_wh" bigint DEFAULT 0 NOT NULL,
	"last_register_wh" bigint,
	"last_register_at" timestamp with time zone,
	"power_w" numeric(14, 3),
	"current_a" numeric(10, 3),
	"voltage_v" numeric(10, 3),
	"soc_percent" numeric(6, 2),
	"last_activity_at" timestamp with time zone NOT NULL,
	"stop_reason" text,
	"stop_id_tag" text,
	"closed_by" text,
	"flagged" boolean DEFAULT false NOT NULL,
	"flag_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connector_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charger_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"info" text,
	"vendor_id" text,
	"vendor_error_code" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connector_statuses" (
	"charger_id" uuid NOT NULL,
	"evse_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"info" text,
	"vendor_id" text,
	"vendor_error_code" text,
	"at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_statuses_pk" PRIMARY KEY("charger_id","evse_id","connector_id")
);
--> statement-breakpoint
CREATE TABLE "id_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"token" text NOT NULL,
	"kind" text NOT NULL,
	"label" text,
	"user_id" uuid,
	"vehicle_ref" text,
	"status" text DEFAULT 'active' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charger_id" uuid NOT NULL,
	"session_id" uuid,
	"evse_id" integer,
	"connector_id" integer,
	"at" timestamp with time zone NOT NULL,
	"measurand" text NOT NULL,
	"phase" text,
	"location" text,
	"context" text,
	"value" numeric(20, 4) NOT NULL,
	"unit" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocpp_auth_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identity" text NOT NULL,
	"remote_address" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ocpp_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"charger_id" uuid,
	"identity" text NOT NULL,
	"direction" text NOT NULL,
	"message_type" integer,
	"message_id" text,
	"action" text,
	"payload" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unclaimed_chargers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ocpp_identity" text NOT NULL,
	"protocol" text,
	"vendor" text,
	"model" text,
	"serial_number" text,
	"firmware_version" text,
	"remote_address" text,
	"password_hash" text,
	"boot_count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "charger_connections" ADD CONSTRAINT "charger_connections_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charger_events" ADD CONSTRAINT "charger_events_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_id_token_id_id_tokens_id_fk" FOREIGN KEY ("id_token_id") REFERENCES "public"."id_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_status_history" ADD CONSTRAINT "connector_status_history_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_statuses" ADD CONSTRAINT "connector_statuses_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "id_tokens" ADD CONSTRAINT "id_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "id_tokens" ADD CONSTRAINT "id_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_samples" ADD CONSTRAINT "meter_samples_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_samples" ADD CONSTRAINT "meter_samples_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ocpp_messages" ADD CONSTRAINT "ocpp_messages_charger_id_chargers_id_fk" FOREIGN KEY ("charger_id") REFERENCES "public"."chargers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charger_events_charger_at_idx" ON "charger_events" USING btree ("charger_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "charging_sessions_charger_tx_uq" ON "charging_sessions" USING btree ("charger_id","transaction_id");--> statement-breakpoint
CREATE INDEX "charging_sessions_org_started_idx" ON "charging_sessions" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_charger_started_idx" ON "charging_sessions" USING btree ("charger_id","started_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_active_idx" ON "charging_sessions" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "connector_status_history_charger_at_idx" ON "connector_status_history" USING btree ("charger_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "id_tokens_org_token_uq" ON "id_tokens" USING btree ("organization_id",upper("token"));--> statement-breakpoint
CREATE INDEX "id_tokens_token_idx" ON "id_tokens" USING btree (upper("token"));--> statement-breakpoint
CREATE INDEX "meter_samples_session_at_idx" ON "meter_samples" USING btree ("session_id","at");--> statement-breakpoint
CREATE INDEX "meter_samples_charger_at_idx" ON "meter_samples" USING btree ("charger_id","at");--> statement-breakpoint
CREATE INDEX "ocpp_auth_failures_address_at_idx" ON "ocpp_auth_failures" USING btree ("remote_address","at");--> statement-breakpoint
CREATE INDEX "ocpp_messages_charger_at_idx" ON "ocpp_messages" USING btree ("charger_id","at");--> statement-breakpoint
CREATE INDEX "ocpp_messages_identity_at_idx" ON "ocpp_messages" USING btree ("identity","at");--> statement-breakpoint
CREATE UNIQUE INDEX "unclaimed_chargers_identity_uq" ON "unclaimed_chargers" USING btree ("ocpp_identity");