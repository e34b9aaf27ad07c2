// Terraform's diagnostics (https://developer.hashicorp.com/terraform/cli/commands/validate, and the
// `Error: summary` / `on FILE line N, in BLOCK:` / detail layout every command prints, box-drawn `╷ │ ╵` since
// 0.15, plain with `-no-color` and before), and `terraform fmt -check`'s list of unformatted files
// (https://developer.hashicorp.com/terraform/cli/commands/fmt). Fixtures: real output of Terraform 1.11.4.
import type { EvidenceLine } from '../../failure.ts';
import { ev, type LineContext, type ParserDef } from '../../parser.ts';
import type { FailureClass } from '../../taxonomy.ts';

const ERROR = /^(?:│ )?Error: (\S.*)$/;
const BOX_LINE = /^│(?: (.*))?$/;
const BOX_END = /^╵$/;
// `  on main.tf line 7, in resource "x" "y":` (Terraform's own files: .tf, .tf.json, .tfvars, .tftest.hcl).
const ON_LINE = /^\s*on (\S+?\.(?:tf|tf\.json|tfvars|tfvars\.json|hcl)) line (\d+)\b/;
// `  with aws_s3_bucket.logs,`: the diagnostic came from planning or applying a resource, not from the files.
const WITH_LINE = /^\s*with \S+,$/;
// Providers and modules that cannot be found or installed (`terraform init`).
const MISSING = /^(?:Failed to query available provider packages|Failed to install provider|Incompatible provider version|Invalid provider registry host|Inconsistent dependency lock file|Module not installed|Failed to download module|Module not found|Missing required provider)/;
// Naming the provider: `Could not retrieve the list of available versions for provider hashicorp/aws:`,
// `provider registry.terraform.io/hashicorp/foo`.
const PROVIDER = /\bprovider (?:registry\.terraform\.io\/)?([\w.-]+\/[\w.-]+(?:\/[\w.-]+)?)\b/;
// The registry, a module host or the cloud API could not be reached: the machinery failed.
const NETWORK = /could not connect to|dial tcp|no such host|i\/o timeout|TLS handshake timeout|connection refused|connection reset/;
// State backends, credentials and permissions: the machinery around the configuration.
const MACHINERY = /[Bb]ackend|credential|state lock|workspaces|[Ff]ailed to (?:load|lock|persist) state|[Rr]equired token|API token|[Aa]uthenticat|[Uu]nauthori[sz]ed|[Ff]orbidden|AccessDenied|[Pp]ermission denied|[Aa]ccess denied/;
// The command line that runs `terraform fmt -check` (echoed by the shell, the runner or setup-terraform's wrapper).
const FMT_CHECK = /\bterraform(?:-bin)? fmt\b.*(?:-check|-diff)/;
const FMT_FILE = /^(\S+\.(?:tf|tfvars|tftest\.hcl))$/;
const FMT_DIFF_FILE = /^--- old\/(\S+)$/;
const FMT_DIFF_LINE = /^(?:\+\+\+ new\/|@@ |[ +-])/;
// `   7:   not_a_field = "x"`: the configuration quoted under `on …`, not the diagnostic's words.
const SOURCE_EXCERPT = /^\s*\d+: /;
const MAX_DIAGNOSTIC_LINES = 40;
const MAX_FMT_LINES = 5000;

interface Diagnostic {
  summary: string;
  boxed: boolean;
  file?: string;
  line?: number;
  within: boolean;
  detail: string[];
  evidence: EvidenceLine[];
  lines: number;
  blank: number;
}

/** terraform validate/plan/init diagnostics and `terraform fmt -check` findings. */
export const terraform: ParserDef = {
  name: 'terraform',
  description: 'Terraform: `Error:` diagnostics (box-drawn or plain) with `on FILE line N`, provider/module installation and backend errors, `fmt -check` files',
  url: 'https://developer.hashicorp.com/terraform/cli/commands/validate',
  trigger: /^(?:│ )?Error: \S|\bterraform(?:-bin)? fmt\b/,
  keywords: ['Error: ', 'terraform fmt', 'terraform-bin fmt'],
  create(sink) {
    let diag: Diagnostic | null = null;
    let fmt: { lines: number } | null = null;

    const finish = (): void => {
      const d = diag;
      diag = null;
      if (!d) return;
      const detail = d.detail.join(' ');
      const cls = classify(d, detail);
      if (!cls) return;
      const pkg = cls === 'dependency_missing' ? PROVIDER.exec(detail)?.[1] : undefined;
      sink.emit({
        class: cls,
        tool: 'terraform',
        message: d.summary,
        ...(d.file !== undefined && !d.within ? { file: d.file, line: d.line! } : {}),
        ...(pkg ? { package: pkg } : {}),
        evidence: d.evidence,
      });
    };

    const diagLine = (text: string, ctx: LineContext): boolean => {
      const d = diag!;
      d.lines++;
      let body = text;
      if (d.boxed) {
        if (BOX_END.test(text)) {
          finish();
          return false;
        }
        const m = BOX_LINE.exec(text);
        if (!m) {
          finish();
          return false;
        }
        body = m[1] ?? '';
      } else if (ERROR.test(text) || text.startsWith('Warning: ') || (body.trim() === '' && ++d.blank >= 2 && d.detail.length > 0)) {
        finish();
        return false;
      }
      if (d.lines >= MAX_DIAGNOSTIC_LINES) {
        finish();
        return false;
      }
      const on = ON_LINE.exec(body);
      if (on && d.file === undefined) {
        d.file = on[1]!;
        d.line = Number(on[2]);
        d.evidence.push(ev(text, ctx));
      } else if (WITH_LINE.test(body)) {
        d.within = true;
      } else if (!SOURCE_EXCERPT.test(body) && body.trim() !== '') {
        d.detail.push(body.trim());
      }
      return true;
    };

    const fmtLine = (text: string, ctx: LineContext): boolean => {
      const f = fmt!;
      const file = FMT_FILE.exec(text) ?? FMT_DIFF_FILE.exec(text);
      if (file) {
        sink.emit({ class: 'lint_error', tool: 'terraform', code: 'fmt', message: 'File is not formatted as `terraform fmt` would', file: file[1]!, evidence: [ev(text, ctx)] });
        return true;
      }
      if (FMT_DIFF_LINE.test(text) && ++f.lines < MAX_FMT_LINES) return true;
      fmt = null;
      return false;
    };

    return {
      feed(text: string, ctx: LineContext): boolean {
        if (diag && diagLine(text, ctx)) return true;
        if (fmt && fmtLine(text, ctx)) return true;
        const err = ERROR.exec(text);
        if (err) {
          diag = { summary: err[1]!.trim(), boxed: text.startsWith('│'), within: false, detail: [], evidence: [ev(text, ctx)], lines: 0, blank: 0 };
          return true;
        }
        if (FMT_CHECK.test(text)) {
          fmt = { lines: 0 };
          return true;
        }
        return false;
      },
      end() {
        finish();
      },
    };
  },
};

/**
 * The class of one diagnostic, by TAXONOMY, or null when the log does not show one:
 * - a provider or module that cannot be found or installed is `dependency_missing` (the provider as package),
 *   unless the registry could not be reached, which is the machinery (`orchestration_error`), as for npm or go;
 * - backend, state and credential errors are the machinery around the configuration: `orchestration_error`;
 * - any other diagnostic located in the configuration's files (`on main.tf line 7`) means the configuration
 *   does not validate: Terraform's compiler, so `compile_error` (validate, and the same checks in plan/apply);
 * - an error raised while planning or applying a resource (`with aws_s3_bucket.x,`) is the cloud's answer,
 *   not the code's, and without a recognised cause it is left unclassified, like any other `Error:` line.
 */
function classify(d: Diagnostic, detail: string): FailureClass | null {
  if (MISSING.test(d.summary) || /Could not retrieve the list of available versions for provider/.test(detail)) {
    return NETWORK.test(detail) ? 'orchestration_error' : 'dependency_missing';
  }
  if (MACHINERY.test(d.summary) || (d.within && (MACHINERY.test(detail) || NETWORK.test(detail)))) return 'orchestration_error';
  if (d.file !== undefined && !d.within) return 'compile_error';
  return null;
}
