import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { MAX_LOGO_BYTES } from './logo-image.js';

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB`);

/** The one file of a logo upload, whole, or the reason it cannot be had: 415, 413 or 400. */
export async function readLogoUpload(request: FastifyRequest): Promise<{ declaredType: string; data: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the logo as multipart/form-data with a "file" field');
  try {
    const file = await request.file();
    if (!file) throw new AppError('VALIDATION_FAILED', 'No file was sent', { field: 'file' });
    const data = await file.toBuffer();
    // toBuffer misses a cut that falls on a chunk boundary (the file then looks exactly 512 KB
    // long); busboy's own flag says whether anything was dropped.
    if (file.file.truncated) throw tooLarge();
    return { declaredType: file.mimetype, data };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { statusCode?: number }).statusCode === 413) throw tooLarge();
    // Busboy's parse errors (no boundary, a part cut short) carry no status: the body is the client's fault.
    throw new AppError('BAD_REQUEST', 'The multipart/form-data body is malformed');
  }
}
