-- Sessions stopped before settlement was a durable job could have lost theirs (a crash between the
-- stop's commit and the in-memory settlement): queue one for every completed session still unsettled.
INSERT INTO jobs (kind, dedupe_key, payload, organization_id, max_attempts)
SELECT 'settle-session', 'settle-session:' || s.id, json_build_object('sessionId', s.id)::jsonb, s.organization_id, 8
FROM charging_sessions s
WHERE s.status = 'completed' AND NOT EXISTS (SELECT 1 FROM session_settlements x WHERE x.session_id = s.id)
ON CONFLICT (dedupe_key) DO NOTHING;
