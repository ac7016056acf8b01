import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, blend, contrastRatio, luminance } from './contrast';
import { COLOR_NAMES, DIMMED, FILLED_SHADE, LUMINANCE_THRESHOLD, cssVariablesResolver, lightBackgrounds, theme } from './theme';

const WHITE = '#ffffff';
const BLACK = '#000000';
const light = cssVariablesResolver(DEFAULT_THEME).light;

describe('contrast arithmetic', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', WHITE)).toBeCloseTo(4.48, 2);
    // The findings of the audit: Mantine's default grey, orange light badge and white on teal.
    expect(contrastRatio(DEFAULT_THEME.colors.gray[6], WHITE)).toBeCloseTo(3.32, 2);
    expect(contrastRatio(DEFAULT_THEME.colors.teal[6], WHITE)).toBeCloseTo(2.55, 2);
    expect(blend('#000000', 0.5, WHITE)).toBe('#808080');
  });
});

describe('theme colour pairs meet WCAG 2.1 AA (4.5:1)', () => {
  it('secondary (dimmed) text on white and on the light grey of rows and badges', () => {
    expect(light['--mantine-color-dimmed']).toBe(DIMMED);
    expect(contrastRatio(DIMMED, WHITE)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(DIMMED, DEFAULT_THEME.colors.gray[0])).toBeGreaterThanOrEqual(AA_TEXT);
    for (const bg of lightBackgrounds('gray')) expect(contrastRatio(DIMMED, bg)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('links on white', () => {
    expect(contrastRatio(light['--mantine-color-anchor']!, WHITE)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  for (const color of COLOR_NAMES) {
    it(`${color}: light badge / active nav link text on its tints (plain and hovered) and on white`, () => {
      const text = light[`--mantine-color-${color}-light-color`]!;
      for (const bg of lightBackgrounds(color)) expect(contrastRatio(text, bg)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(text, WHITE)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(light[`--mantine-color-${color}-outline`]!, WHITE)).toBeGreaterThanOrEqual(AA_TEXT);
    });

    it(`${color}: filled badge / button text (black or white, chosen by luminance)`, () => {
      expect(theme.autoContrast).toBe(true);
      expect(theme.luminanceThreshold).toBe(LUMINANCE_THRESHOLD);
      const fill = DEFAULT_THEME.colors[color]![FILLED_SHADE];
      const text = luminance(fill) > LUMINANCE_THRESHOLD ? BLACK : WHITE;
      expect(contrastRatio(text, fill)).toBeGreaterThanOrEqual(AA_TEXT);
    });
  }
});
