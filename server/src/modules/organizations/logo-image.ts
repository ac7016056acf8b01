import sharp from 'sharp';
import { AppError } from '../../errors.js';

export const MAX_LOGO_BYTES = 512 * 1024;
export const MAX_LOGO_SIDE = 2048;

const FORMATS = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
type LogoFormat = keyof typeof FORMATS;

export interface CleanLogo {
  mimeType: (typeof FORMATS)[LogoFormat];
  data: Buffer;
  width: number;
  height: number;
}

const isLogoFormat = (format: string | undefined): format is LogoFormat => format !== undefined && format in FORMATS;

/** SVG can carry scripts and links; it is refused whatever the browser called it. */
function looksLikeSvg(declared: string, data: Buffer): boolean {
  if (declared.includes('svg')) return true;
  const head = data.subarray(0, 1024).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'));
}

const invalid = (message: string) => new AppError('LOGO_INVALID', message);

/**
 * A logo is checked by decoding it, not by its first bytes: the image must decode as PNG, JPEG or
 * WebP of at most 2048×2048 and is then re-encoded from its pixels, so trailing data, a second
 * format hidden in the same bytes (a polyglot), metadata and EXIF location all stay behind.
 */
export async function cleanLogo(declaredType: string, data: Buffer): Promise<CleanLogo> {
  if (data.length === 0) throw new AppError('LOGO_EMPTY', 'The logo file is empty');
  if (data.length > MAX_LOGO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'The logo must be at most 512 KB');
  if (looksLikeSvg(declaredType, data))
    throw new AppError('LOGO_SVG_REFUSED', 'SVG logos are not accepted (they can carry scripts); upload a PNG, JPEG or WebP');

  if (!Object.values(FORMATS).some((type) => type === declaredType))
    throw new AppError('LOGO_TYPE_UNSUPPORTED', 'The logo must be a PNG, JPEG or WebP image');

  // Header first: the side limit is checked before any pixel is decoded (a decompression bomb never unpacks).
  const metadata = await sharp(data)
    .metadata()
    .catch(() => null);
  if (!metadata) throw invalid('The file is not an image that can be read');
  const format = metadata.format;
  // Bytes that decode as another format than the one declared are refused: a polyglot shows one
  // face to the check and another to whoever opens it.
  if (!isLogoFormat(format) || FORMATS[format] !== declaredType)
    throw invalid(`The file is not a ${declaredType} image${format ? ` (it reads as ${format})` : ''}`);
  const { width = 0, height = 0 } = metadata;
  if (width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE)
    throw new AppError('LOGO_DIMENSIONS_TOO_LARGE', `The logo must be at most ${MAX_LOGO_SIDE}×${MAX_LOGO_SIDE} pixels`, {
      width,
      height,
    });

  try {
    // failOn 'warning': a truncated or corrupt image is refused, not half decoded.
    const image = sharp(data, { failOn: 'warning', limitInputPixels: MAX_LOGO_SIDE * MAX_LOGO_SIDE }).rotate();
    const encoded =
      format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg({ quality: 90 }) : image.webp({ quality: 90 });
    const { data: clean, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { mimeType: FORMATS[format], data: clean, width: info.width, height: info.height };
  } catch {
    throw invalid(`The file is not a valid ${FORMATS[format]} image`);
  }
}
