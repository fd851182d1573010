-- Hand-written: the agents' search finds part of a reference, name or e-mail address (ILIKE '%…%').
-- Without these trigram indexes such a search reads every appointment of the town (bench/agents:
-- 73–226 × the reference read at 200,000 bookings). pg_trgm is in PostgreSQL's contrib and is a
-- trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "appointment_first_name_trgm_idx" ON "appointment" USING gin ("firstName" gin_trgm_ops);
CREATE INDEX "appointment_last_name_trgm_idx" ON "appointment" USING gin ("lastName" gin_trgm_ops);
CREATE INDEX "appointment_email_trgm_idx" ON "appointment" USING gin ("email" gin_trgm_ops);
CREATE INDEX "appointment_reference_trgm_idx" ON "appointment" USING gin ("reference" gin_trgm_ops);
