import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

// GitHub Marketplace's rules for an action's metadata ("Metadata syntax for GitHub Actions", `branding`; "Publishing
// actions in GitHub Marketplace"): a name, a description of at most 125 characters, and a badge of one Feather icon
// and one of nine colours. Brand icons and a few others are not offered; the list below keeps to the Feather icons
// GitHub lists, less the ones whose status is unclear (hexagon, x-octagon), so a pass here is a pass there.
const ICONS = new Set(
  [
  'activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right',
  'anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle',
  'arrow-left arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award',
  'bar-chart-2 bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box',
  'briefcase calendar camera-off camera cast check-circle check-square check chevron-down chevron-left',
  'chevron-right chevron-up chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock',
  'cloud-drizzle cloud-lightning cloud-off cloud-rain cloud-snow cloud code command compass copy',
  'corner-down-left corner-down-right corner-left-down corner-left-up corner-right-down corner-right-up',
  'corner-up-left corner-up-right cpu credit-card crop crosshair database delete disc dollar-sign download-cloud',
  'download droplet edit-2 edit-3 edit external-link eye-off eye fast-forward feather file-minus file-plus',
  'file-text file film filter flag folder-minus folder-plus folder gift git-branch git-commit git-merge',
  'git-pull-request globe grid hard-drive hash headphones heart help-circle home image inbox info italic layers',
  'layout life-buoy link-2 link list loader lock log-in log-out mail map-pin map maximize-2 maximize menu',
  'message-circle message-square mic-off mic minimize-2 minimize minus-circle minus-square minus monitor moon',
  'more-horizontal more-vertical move music navigation-2 navigation octagon package paperclip pause-circle pause',
  'percent phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart',
  'play-circle play plus-circle plus-square plus pocket power printer radio refresh-ccw refresh-cw repeat rewind',
  'rotate-ccw rotate-cw rss save scissors search send server settings share-2 share shield-off shield',
  'shopping-bag shopping-cart shuffle sidebar skip-back skip-forward slash sliders smartphone speaker square',
  'star stop-circle sun sunrise sunset tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left',
  'toggle-right trash-2 trash trending-down trending-up triangle truck tv type umbrella underline unlock',
  'upload-cloud upload user-check user-minus user-plus user-x user users video-off video voicemail volume-1',
  'volume-2 volume-x volume watch wifi-off wifi wind x-circle x-square x zap-off zap zoom-in zoom-out',
  ].join(' ').split(' '),
);
const COLORS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
const MAX_DESCRIPTION = 125;

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown };
}

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => YAML.parse(readFileSync(join(ROOT, path), 'utf8'), { strict: true, uniqueKeys: true }) as ActionMetadata;

describe.each(['action.yml', 'app/action.yml'])('%s, as GitHub Marketplace reads it', (path) => {
  const action = read(path);

  it('has a name, a description of at most 125 characters, and a badge from the allowed icons and colours', () => {
    expect(typeof action.name === 'string' && action.name.trim().length).toBeGreaterThan(0);
    expect(typeof action.description).toBe('string');
    expect((action.description as string).length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(ICONS.has(String(action.branding?.icon))).toBe(true);
    expect(COLORS.has(String(action.branding?.color))).toBe(true);
  });

  it('runs on node24 from the committed bundle', () => {
    expect(action.runs?.using).toBe('node24');
    expect(action.runs?.main).toMatch(/(^|\/)dist\/\w+\.js$/);
  });

  it('its bundle leaves undici out (loaded, it costs ~29 MB of every run); the proxy client beside it has it', () => {
    // undici's HTTP parser ships as WebAssembly named llhttp: in the bundle it is the mark of undici being there.
    const dist = join(import.meta.dirname, '..', '..', 'dist');
    expect(readFileSync(join(dist, 'index.js'), 'utf8')).not.toContain('llhttp');
    expect(readFileSync(join(dist, 'index.js'), 'utf8')).toContain('./github-proxy.js');
    expect(readFileSync(join(dist, 'github-proxy.js'), 'utf8')).toContain('llhttp');
  });

  it('describes every input and output; an optional input says its default as a string', () => {
    for (const [name, input] of Object.entries(action.inputs ?? {})) {
      expect(typeof input.description === 'string' && input.description.trim().length > 0, `input ${name} has a description`).toBe(true);
      if (input.required !== true) expect(typeof input.default, `input ${name} has a string default`).toBe('string');
    }
    for (const [name, output] of Object.entries(action.outputs ?? {})) {
      expect(typeof output.description === 'string' && output.description.trim().length > 0, `output ${name} has a description`).toBe(true);
    }
  });
});

describe('the Action\'s fixed interface (DESIGN.md)', () => {
  it('keeps its inputs and outputs', () => {
    const action = read('action.yml');
    expect(Object.keys(action.inputs ?? {})).toEqual(expect.arrayContaining(['logs', 'run', 'workflow-run-id', 'github-token', 'check-name', 'sarif', 'reports']));
    expect(Object.keys(action.outputs ?? {})).toEqual(['primary-class', 'failure-count', 'failures', 'decision-log']);
    expect(action.inputs?.['github-token']?.default).toBe('${{ github.token }}');
    expect(action.inputs?.['check-name']?.default).toBe('punchlist');
  });
});
