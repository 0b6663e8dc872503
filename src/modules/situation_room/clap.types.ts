// CLAP distribution cycles (Venezuelan profile): deliveries per community council.

/** The territory-scoped role of a CLAP distributor: reports the deliveries in the territory and below. */
export const CLAP_DISTRIBUTOR = 'clap_distributor';

export interface ClapDelivery {
  id: string;
  /** The community council's path, top level first. */
  territoryPath: string[];
  /** YYYY-MM. */
  cycle: string;
  /** YYYY-MM-DD, as every date below. */
  scheduledOn: string;
  familiesPlanned: number;
  deliveredOn: string | null;
  familiesServed: number | null;
  items: string | null;
  confirmation: 'confirmed' | 'disputed' | null;
  familiesCounted: number | null;
  disputeNote: string | null;
}

/** Not reported by its scheduled day (`today` in the country's zone). */
export const isOverdue = (d: ClapDelivery, today: string) => d.deliveredOn === null && d.scheduledOn < today;

/** Disputed by the spokespeople, or the families they counted differ from those reported. */
export const hasDiscrepancy = (d: ClapDelivery) => d.confirmation === 'disputed' || (d.familiesCounted !== null && d.familiesServed !== null && d.familiesCounted !== d.familiesServed);
