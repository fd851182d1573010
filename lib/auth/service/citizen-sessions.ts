// A citizen's sessions, for the citizen space ("my data", deleting the account).
import { deleteCitizenAuthRows, listCitizenSessionRows } from "@/lib/auth/repo";

export const listCitizenSessions = listCitizenSessionRows;

/** Ends and forgets every session of the account, and its unused sign-in links. */
export const forgetCitizenSessions = deleteCitizenAuthRows;
