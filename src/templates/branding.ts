/**
 * Council branding from one file (`config/branding.yml`): name, team, address, contact
 * details, logo and colours. Templates see it as `{{council.*}}`; the writers use the logo,
 * address and colours for the letterhead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, PROJECT_ROOT, formatLocation } from '../core/index.js';
import { normalisePostcode, parseEmail, parsePhone } from './values.js';
import { parseYaml } from './yaml.js';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#1d4e89"');

const BrandingSchema = z.strictObject({
  name: z.string().min(1).max(100),
  team: z.string().min(1).max(100),
  address: z.array(z.string().min(1).max(80)).min(3).max(7)
    .refine((lines) => normalisePostcode(lines[lines.length - 1]) !== undefined, 'the last line must be a UK postcode'),
  phone: z.string().refine((v) => parsePhone(v).ok, 'must be a UK phone number'),
  email: z.string().refine((v) => parseEmail(v).ok, 'must be an email address'),
  website: z.string().min(4).max(200),
  logo: z.string().min(1).optional(),
  logoAlt: z.string().min(1).max(200).optional(),
  colours: z.strictObject({ primary: hexColour, text: hexColour }).default({ primary: '#1d4e89', text: '#0b0c0c' }),
  letter: z.strictObject({
    addressBlock: z.strictObject({
      left: z.number().min(0).max(210),
      top: z.number().min(0).max(297),
      width: z.number().min(30).max(210),
      height: z.number().min(10).max(100),
    }).optional(),
    bodyTop: z.number().min(0).max(200).optional(),
  }).optional(),
}).refine((b) => !b.logo || b.logoAlt, { message: 'logoAlt (a description of the logo for screen readers) is needed with a logo', path: ['logoAlt'] });

/** Council branding, validated. */
export interface Branding {
  name: string;
  team: string;
  /** Address lines, the postcode last. */
  address: string[];
  phone: string;
  email: string;
  website: string;
  /** SVG source of the logo, when there is one. */
  logoSvg?: string;
  logoAlt?: string;
  colours: { primary: string; text: string };
  /**
   * Where the letter layout puts the recipient's name and address on page 1, and how far down
   * page 1 the letter's text may start, in millimetres from the page's top left. Unset: GOV.UK
   * Notify's address block (24.6 mm from the left, 39.5 mm from the top, 95.4 × 26.8 mm) and
   * body area (from 95 mm), so the PDFs can be uploaded to Notify as they are.
   */
  letter?: { addressBlock?: { left: number; top: number; width: number; height: number }; bodyTop?: number };
}

/** The `{{council.*}}` values templates can use. */
export interface CouncilView {
  name: string;
  team: string;
  /** The address on one line, for sentences ("post them to …"). */
  address: string;
  addressLines: string[];
  phone: string;
  email: string;
  website: string;
}

/** The view of branding templates see as `council`. */
export function councilView(branding: Branding): CouncilView {
  return {
    name: branding.name,
    team: branding.team,
    address: branding.address.join(', '),
    addressLines: [...branding.address],
    phone: branding.phone,
    email: branding.email,
    website: branding.website,
  };
}

/** Names under `council.` that templates may use (checked when a template is loaded). */
export const COUNCIL_FIELDS = ['name', 'team', 'address', 'addressLines', 'phone', 'email', 'website'] as const;

/** Relative luminance (WCAG 2). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Reads and checks a branding file.
 * @throws AppError CONFIG_INVALID naming each bad value with its file:line:col.
 */
export function loadBranding(file = path.join(PROJECT_ROOT, 'config', 'branding.yml')): Branding {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('CONFIG_INVALID', `The branding file ${file} could not be read.`, { location: { file } });
  }
  const yaml = parseYaml(text, file);
  if (yaml.errors.length) {
    throw new AppError('CONFIG_INVALID', `The branding file is not valid YAML: ${yaml.errors[0].path}: ${yaml.errors[0].message}`, { errors: yaml.errors, location: { file } });
  }
  const parsed = BrandingSchema.safeParse(yaml.value);
  const errors = parsed.success ? [] : parsed.error.issues.map((issue) => ({
    path: formatLocation(yaml.locate(issue.path)),
    message: `${issue.path.join('.') || '(file)'}: ${issue.message}`,
  }));
  if (parsed.success) {
    for (const key of ['primary', 'text'] as const) {
      const ratio = contrastRatio(parsed.data.colours[key], '#ffffff');
      if (ratio < 4.5) errors.push({ path: formatLocation(yaml.locate(['colours', key])), message: `colours.${key}: contrast with white is ${ratio.toFixed(1)}:1; it must be at least 4.5:1 so everyone can read it` });
    }
  }
  if (!parsed.success || errors.length) {
    throw new AppError('CONFIG_INVALID', `The branding file ${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'}.`, { errors, location: { file } });
  }
  const data = parsed.data;
  let logoSvg: string | undefined;
  if (data.logo) {
    const logoFile = path.resolve(path.dirname(file), '..', data.logo);
    const candidates = [path.resolve(PROJECT_ROOT, data.logo), logoFile];
    const found = candidates.find((candidate) => fs.existsSync(candidate));
    if (!found) throw new AppError('CONFIG_INVALID', `The logo ${data.logo} named in ${file} was not found.`, { location: yaml.locate(['logo']) });
    logoSvg = fs.readFileSync(found, 'utf8');
    if (!/<svg[\s>]/.test(logoSvg)) throw new AppError('CONFIG_INVALID', `The logo ${data.logo} is not an SVG file.`, { location: yaml.locate(['logo']) });
  }
  const address = [...data.address];
  address[address.length - 1] = normalisePostcode(address[address.length - 1])!;
  return { name: data.name, team: data.team, address, phone: data.phone, email: data.email, website: data.website, logoSvg, logoAlt: data.logoAlt, colours: data.colours, ...(data.letter ? { letter: data.letter } : {}) };
}
