/**
 * Synthetic stacks of any size, built from the cells of `cell-programs.ts` captured under Pulumi's mock
 * runtime (so every resource has the inputs, outputs, parents, dependencies and propertyDependencies a real
 * program gives the engine), then copied under distinct tags. A fifth of the resources belong to SES cells,
 * the rest to unrelated cells; the stack resource and the default providers appear once.
 */
import type { CapturedResource } from "../state/captured-resource";
import { captureProgram } from "../offline-engine/mock-capture";
import { dkimTokensFor, verificationTokenFor, zoneIdFor } from "../offline-engine/plausible-outputs";
import { PROVIDER_TYPE_PREFIX, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY, SESV2_EMAIL_IDENTITY } from "../state/resource-types";
import { CELL_TAG, sesCell, sesCellNames, unrelatedCell } from "./cell-programs";

/** Preview (computed outputs unknown) or update (plausible outputs). */
export type StackForm = "preview" | "update";

/** The captured cells of one form, ready to be copied. */
export interface CellTemplates {
    form: StackForm;
    /** The root stack resource and the default providers, shared by every copy. */
    shared: CapturedResource[];
    /** The SES cell, as JSON text with {@link CELL_TAG} in every name. */
    ses: string;
    /** Resources in the SES cell. */
    sesSize: number;
    /** The unrelated cell, as JSON text. */
    unrelated: string;
}

/** A generated stack and what it holds. */
export interface SyntheticStack {
    form: StackForm;
    resources: CapturedResource[];
    /** SES identities (v1 and v2) in the stack. */
    identities: number;
}

const PROJECT = "bench";
const STACK = "bench";
const CONFIG = { "aws:region": "us-east-1" };

const IDENTITY_TYPES: ReadonlySet<string> = new Set([SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY]);

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
    const unrelated = await captureCell(unrelatedCell, form);
    const shared = new Map<string, CapturedResource>();
    for (const r of [...ses.shared, ...unrelated.shared]) shared.set(r.urn, r);
    for (const [what, cell] of [
        ["SES", ses.cell],
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
        unrelated: JSON.stringify(unrelated.cell),
    };
}

/**
 * The values the mock derived from SES cell names without repeating them (zone id, DKIM and verification
 * tokens), as [template value, value for `tag`] pairs: a copy gets its own, as distinct real resources would.
 */
function derivedValues(tag: string): [string, string][] {
    const from = sesCellNames(CELL_TAG);
    const to = sesCellNames(tag);
    const pairs: [string, string][] = [[zoneIdFor(from.zone), zoneIdFor(to.zone)]];
    from.easyDkimDomains.forEach((d, i) => {
        const tokens = dkimTokensFor(to.easyDkimDomains[i]);
        dkimTokensFor(d).forEach((t, j) => pairs.push([t, tokens[j]]));
    });
    from.v1Domains.forEach((d, i) => pairs.push([verificationTokenFor(d), verificationTokenFor(to.v1Domains[i])]));
    return pairs;
}

/** One copy of a cell under `tag`; SES cells also get their own derived values. */
function copyCell(template: string, tag: string, ses: boolean): CapturedResource[] {
    let text = template.replaceAll(CELL_TAG, tag);
    if (ses) for (const [from, to] of derivedValues(tag)) text = text.replaceAll(from, to);
    return JSON.parse(text) as CapturedResource[];
}

/**
 * A stack of exactly `size` resources: the shared ones, SES cells up to a fifth of `size`, then unrelated
 * cells (the last one cut short) to fill it.
 */
export function buildStack(templates: CellTemplates, size: number): SyntheticStack {
    const resources: CapturedResource[] = [...templates.shared];
    const sesCells = Math.max(1, Math.round(size / 5 / templates.sesSize));
    for (let i = 0; i < sesCells && resources.length < size; i++) resources.push(...copyCell(templates.ses, `s${i}`, true));
    for (let i = 0; resources.length < size; i++) resources.push(...copyCell(templates.unrelated, `u${i}`, false));
    resources.length = Math.min(resources.length, size);
    return {
        form: templates.form,
        resources,
        identities: resources.filter((r) => IDENTITY_TYPES.has(r.type)).length,
    };
}
