import type { GridReading } from '../../domain/grid-reading.js';

/** A reading as the API and the live stream send it: the time as ISO 8601 text. */
export type GridReadingJson = Omit<GridReading, 'at'> & { at: string };

export const readingJson = (r: GridReading): GridReadingJson => ({ ...r, at: r.at.toISOString() });
