"use server";
// The citizen space's writes, each through the action wrapper with access { citizen: true }: the
// account comes from the session of this town's host, never from the form; an item's id from the form
// is looked up with the account's id and the town's, so another citizen's id finds nothing.
import { redirect } from "next/navigation";
import { clearCitizenSessionCookie } from "@/lib/auth/config";
import { cancelCitizenAppointment, leaveCitizenWaitingList } from "@/lib/appointments/service/citizen-items";
import { ZDeleteAccount, ZItemId, ZProfile } from "@/lib/citizens/schemas";
import { deleteAccount, deleteFiles } from "@/lib/citizens/service/delete-account";
import { updateProfile } from "@/lib/citizens/service/update-profile";
import { defineAction } from "@/lib/core/action";

export const updateProfileAction = defineAction({
  name: "citizen.update-profile",
  input: ZProfile,
  access: { realm: "town", citizen: true },
  success: "profileSaved",
  run: async (input, ctx) => updateProfile(ctx.tenant, ctx.actor.citizen, input),
  audit: (_input, result, ctx) => ({ action: "citizen.update-profile", targetType: "citizen", targetId: ctx.actor.id, summary: { changed: result.changed } }),
  // A new language: the space is shown in it from now on.
  after: (result, ctx, input) => {
    if (result.changed.includes("locale") && input.locale !== ctx.locale) redirect(`/${input.locale}/account/profile?saved=1`);
  },
});

export const cancelMyAppointmentAction = defineAction({
  name: "citizen.cancel-appointment",
  input: ZItemId,
  access: { realm: "town", citizen: true },
  run: async (input, ctx) => {
    const { appointment } = await cancelCitizenAppointment(ctx.tenant, ctx.actor.id, input.id);
    return { id: appointment.id, reference: appointment.reference };
  },
  audit: (_input, result) => ({ action: "appointments.cancel", targetType: "appointment", targetId: result.id, summary: { reference: result.reference, by: "citizen-space" } }),
  after: (result, ctx) => redirect(`/${ctx.locale}/account/appointments/${result.id}?cancelled=1`),
});

export const leaveMyWaitingListAction = defineAction({
  name: "citizen.leave-waiting-list",
  input: ZItemId,
  access: { realm: "town", citizen: true },
  success: "waitingListLeft",
  run: async (input, ctx) => {
    const { waiter } = await leaveCitizenWaitingList(ctx.tenant, ctx.actor.id, input.id);
    return { id: waiter.id };
  },
  audit: (_input, result) => ({ action: "appointments.waiting-list-leave", targetType: "appointment-waiter", targetId: result.id, summary: { by: "citizen-space" } }),
});

export const deleteAccountAction = defineAction({
  name: "citizen.delete",
  input: ZDeleteAccount,
  access: { realm: "town", citizen: true },
  run: async (_input, ctx) => deleteAccount(ctx.tenant, ctx.actor.citizen),
  audit: (_input, result, ctx) => {
    const { storageKeys: _keys, ...counts } = result;
    return { action: "citizen.delete", targetType: "citizen", targetId: ctx.actor.id, summary: counts };
  },
  after: async (result, ctx) => {
    await deleteFiles(ctx.tenant, result.storageKeys);
    await clearCitizenSessionCookie();
    redirect(`/${ctx.locale}/account/deleted`);
  },
});
