// The waiting list of a service (filled in by the waiting-list work).

/**
 * Places of a service may have become free (a cancellation, a move, new opening hours): offer them to
 * the waiting list. Called inside the transaction that frees them; the offer runs after the commit.
 */
export async function placesFreed(tenantId: string, serviceId: string): Promise<void> {
  void tenantId;
  void serviceId;
}

/** A waiter booked the place offered to them (in the booking's transaction). */
export async function offerTaken(tenantId: string, waiterId: string): Promise<void> {
  void tenantId;
  void waiterId;
}
