// Background work of reminders and the waiting list, on pg-boss (started by startAppointmentJobs):
//   every minute   send the due reminders; take back the waiting-list offers that ran out
//   on demand      offer a service's freed places to its waiting list (placesFreed queues it)
//   always         the SMS worker (reminders by text message)
// A schedule runs once per minute across all servers; the work itself is safe to run twice anyway.
import { getLogger } from "@/lib/core/logger";
import { getBoss } from "@/lib/notifications/boss";
import { startSmsWorker } from "@/lib/notifications/sms";
import { sendDueReminders } from "@/lib/appointments/service/reminders";
import { ensureWaitingQueue, WAITING_OFFER_QUEUE, type TWaitingOfferJob } from "@/lib/appointments/service/waiting-list";
import { expireOffers, offerFreedPlaces } from "@/lib/appointments/service/waiting-offers";
import { listTenants } from "@/lib/tenancy/registry";

export const REMINDERS_QUEUE = "appointments-reminders";
export const EXPIRE_OFFERS_QUEUE = "appointments-expire-offers";

export async function startReminderAndWaitingListJobs(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getBoss();
  const log = getLogger();
  const polling = options.pollingIntervalSeconds ?? 2;
  await startSmsWorker({ pollingIntervalSeconds: polling });

  await boss.createQueue(REMINDERS_QUEUE, { name: REMINDERS_QUEUE, retryLimit: 0, expireInSeconds: 300 });
  await boss.schedule(REMINDERS_QUEUE, "* * * * *");
  await boss.work(REMINDERS_QUEUE, { pollingIntervalSeconds: polling }, async () => {
    const sent = await sendDueReminders(new Date());
    if (sent > 0) log.info({ sent }, "appointment reminders sent");
  });

  await boss.createQueue(EXPIRE_OFFERS_QUEUE, { name: EXPIRE_OFFERS_QUEUE, retryLimit: 0, expireInSeconds: 300 });
  await boss.schedule(EXPIRE_OFFERS_QUEUE, "* * * * *");
  await boss.work(EXPIRE_OFFERS_QUEUE, { pollingIntervalSeconds: polling }, async () => {
    const expired = await expireOffers(new Date());
    if (expired > 0) log.info({ expired }, "waiting-list offers expired");
  });

  await ensureWaitingQueue();
  await boss.work<TWaitingOfferJob>(WAITING_OFFER_QUEUE, { pollingIntervalSeconds: polling }, async ([job]) => {
    if (!job) return;
    const tenant = (await listTenants()).find((t) => t.id === job.data.tenantId);
    if (!tenant) return;
    const offered = await offerFreedPlaces(tenant, job.data.serviceId, new Date());
    if (offered > 0) log.info({ tenant: tenant.slug, serviceId: job.data.serviceId, offered }, "waiting-list places offered");
  });
}
