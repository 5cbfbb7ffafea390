/**
 * Synthetic stacks of any size, built from the cells of `cell-programs.ts` captured under Pulumi's mock
 * runtime (so every resource has the inputs, outputs, parents, dependencies and propertyDependencies a real
 * program gives the engine), then copied under distinct tags. In the mixed shape a fifth of the resources
 * belong to SES cells; in the dense shape (issue 14's) a fifth of the resources is the number of identities,
 * each with its 3 DKIM records. The rest are unrelated cells; the stack resource and the default providers
 * appear once.
 */
import type { CapturedResource } from "../state/captured-resource";
import { captureProgram } from "../testing/mock-capture";
import { dkimTokensFor, verificationTokenFor, zoneIdFor } from "../offline-engine/plausible-outputs";
import { PROVIDER_TYPE_PREFIX, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY, SESV2_EMAIL_IDENTITY } from "../state/resource-types";
import { CELL_TAG, DENSE_CELL_IDENTITIES, denseCellNames, denseSesCell, sesCell, sesCellNames, unrelatedCell, type SesCellNames } from "./cell-programs";

/** Preview (computed outputs unknown) or update (plausible outputs). */
export type StackForm = "preview" | "update";

/**
 * How much of a stack is SES: "mixed", a fifth of the resources in SES cells (every identity kind and record
 * shape; 296 identities at 10k); "dense", issue 14's shape, as many identities as a fifth of the resources, each
 * with its 3 DKIM records (2,000 identities and 6,000 records at 10k).
 */
export type StackShape = "mixed" | "dense";

/** The captured cells of one form, ready to be copied. */
export interface CellTemplates {
    form: StackForm;
    /** The root stack resource and the default providers, shared by every copy. */
    shared: CapturedResource[];
    /** The SES cell, as JSON text with {@link CELL_TAG} in every name. */
    ses: string;
    /** Resources in the SES cell. */
    sesSize: number;
    /** The dense SES cell ({@link denseSesCell}), as JSON text. */
    dense: string;
    /** Resources in the dense SES cell. */
    denseSize: number;
    /** The unrelated cell, as JSON text. */
    unrelated: string;
}

/** A generated stack and what it holds. */
export interface SyntheticStack {
    form: StackForm;
    shape: StackShape;
    resources: CapturedResource[];
    /** SES identities (v1 and v2) in the stack. */
    identities: number;
    /** Route 53 records in the stack. */
    records: number;
}

const PROJECT = "bench";
const STACK = "bench";
const CONFIG = { "aws:region": "us-east-1" };

const IDENTITY_TYPES: ReadonlySet<string> = new Set([SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY]);
const ROUTE53_RECORD = "aws:route53/record:Record";

/** Runs one cell program under the mock runtime and splits off what every copy shares. */
async function captureCell(program: () => void, form: StackForm): Promise<{ shared: CapturedResource[]; cell: CapturedResource[] }> {
    const captured = await captureProgram(program, { preview: form === "preview", project: PROJECT, stack: STACK, config: CONFIG });
    const isShared = (r: CapturedResource) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith(PROVIDER_TYPE_PREFIX);
    return { shared: captured.filter(isShared), cell: captured.filter((r) => !isShared(r)) };
}

const captured = new Map<StackForm, Promise<CellTemplates>>();

/** Captures both cells in `form` (once per process). */
export function captureCellTemplates(form: StackForm): Promise<CellTemplates> {
    let templates = captured.get(form);
    if (templates === undefined) {
        templates = captureBothCells(form);
        captured.set(form, templates);
    }
    return templates;
}

async function captureBothCells(form: StackForm): Promise<CellTemplates> {
    const ses = await captureCell(sesCell, form);
    const dense = await captureCell(denseSesCell, form);
    const unrelated = await captureCell(unrelatedCell, form);
    const shared = new Map<string, CapturedResource>();
    for (const r of [...ses.shared, ...dense.shared, ...unrelated.shared]) shared.set(r.urn, r);
    for (const [what, cell] of [
        ["SES", ses.cell],
        ["dense SES", dense.cell],
        ["unrelated", unrelated.cell],
    ] as const) {
        if (cell.length === 0 || !cell.every((r) => r.urn.includes(CELL_TAG))) {
            throw new Error(`every resource of the ${what} cell program must carry ${CELL_TAG} in its name, or copies would share URNs`);
        }
    }
    return {
        form,
        shared: [...shared.values()],
        ses: JSON.stringify(ses.cell),
        sesSize: ses.cell.length,
        dense: JSON.stringify(dense.cell),
        denseSize: dense.cell.length,
        unrelated: JSON.stringify(unrelated.cell),
    };
}

/**
 * The values the mock derived from an SES cell's names without repeating them (zone id, DKIM and verification
 * tokens), as [template value, value for `tag`] pairs: a copy gets its own, as distinct real resources would.
 */
function derivedValues(cellNames: (tag: string) => SesCellNames, tag: string): [string, string][] {
    const from = cellNames(CELL_TAG);
    const to = cellNames(tag);
    const pairs: [string, string][] = [[zoneIdFor(from.zone), zoneIdFor(to.zone)]];
    from.easyDkimDomains.forEach((d, i) => {
        const tokens = dkimTokensFor(to.easyDkimDomains[i]);
        dkimTokensFor(d).forEach((t, j) => pairs.push([t, tokens[j]]));
    });
    from.v1Domains.forEach((d, i) => pairs.push([verificationTokenFor(d), verificationTokenFor(to.v1Domains[i])]));
    return pairs;
}

/** One copy of a cell under `tag`; SES cells (with their `cellNames`) also get their own derived values. */
function copyCell(template: string, tag: string, cellNames?: (tag: string) => SesCellNames): CapturedResource[] {
    let text = template.replaceAll(CELL_TAG, tag);
    if (cellNames) for (const [from, to] of derivedValues(cellNames, tag)) text = text.replaceAll(from, to);
    return JSON.parse(text) as CapturedResource[];
}

/**
 * A stack of exactly `size` resources in `shape`: the shared ones, the SES cells (mixed: up to a fifth of
 * `size`; dense: a fifth of `size` identities), then unrelated cells (the last one cut short) to fill it.
 */
export function buildStack(templates: CellTemplates, size: number, shape: StackShape = "mixed"): SyntheticStack {
    const resources: CapturedResource[] = [...templates.shared];
    const [template, cells, cellNames] =
        shape === "mixed"
            ? [templates.ses, Math.max(1, Math.round(size / 5 / templates.sesSize)), sesCellNames]
            : [templates.dense, Math.max(1, Math.round(size / 5 / DENSE_CELL_IDENTITIES)), denseCellNames];
    for (let i = 0; i < cells && resources.length < size; i++) resources.push(...copyCell(template, `s${i}`, cellNames));
    for (let i = 0; resources.length < size; i++) resources.push(...copyCell(templates.unrelated, `u${i}`));
    resources.length = Math.min(resources.length, size);
    return {
        form: templates.form,
        shape,
        resources,
        identities: resources.filter((r) => IDENTITY_TYPES.has(r.type)).length,
        records: resources.filter((r) => r.type === ROUTE53_RECORD).length,
    };
}
