import type { GridReading } from '../../domain/grid-reading.js';

/** A reading as the API and the live stream send it. */
export interface GridReadingJson {
  at: string;
  frequencyHz: number | null;
  demandMw: number | null;
  generationMw: number | null;
  reserveMarginPercent: number | null;
  renewablePercent: number | null;
  carbonGPerKwh: number | null;
  mix: { thermalMw: number; hydroMw: number; solarMw: number; windMw: number } | null;
}

export const readingJson = (r: GridReading): GridReadingJson => ({ ...r, at: r.at.toISOString() });
