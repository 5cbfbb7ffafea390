import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import type { CapturedResource } from "../../state/captured-resource";
import { UNKNOWN } from "../../state/wire";
import { ROOT, usePack } from "./pack-harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");

/** The Pulumi CLI 3.221+ reaches the pack through a proxy dialled with gRPC defaults: answers of at most 4 MiB. */
const PROXY_LIMIT = 4 * 1024 * 1024;

/** The version the pack serves (package.json's). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACK_VERSION = (require(path.join(ROOT, "package.json")) as { version: string }).version;

/** The AnalyzeStack answer as the pack encodes it, rebuilt from its diagnostics: its size on the wire. */
function answerSize(diagnostics: readonly Diagnostic[]): number {
    const res = new pb.AnalyzeResponse();
    res.setDiagnosticsList(
        diagnostics.map((d) => {
            const m = new pb.AnalyzeDiagnostic();
            m.setPolicyname(d.policyName);
            m.setPolicypackname(d.policyPackName);
            m.setPolicypackversion(PACK_VERSION);
            m.setDescription(d.description);
            m.setMessage(d.message);
            m.setEnforcementlevel(d.enforcementLevel === "mandatory" ? 1 : 0);
            m.setUrn(d.urn);
            return m;
        }),
    );
    return res.serializeBinary().length;
}

/** `n` v2 domain identities, each with a MAIL FROM domain and no records at all: every stack policy that can fail, fails. */
function failingStack(n: number, preview: boolean): CapturedResource[] {
    const resources: CapturedResource[] = [];
    for (let i = 0; i < n; i++) {
        const domain = `identity-${i}.example.com`;
        const urn = `urn:pulumi:dev::big::aws:sesv2/emailIdentity:EmailIdentity::identity-${i}`;
        resources.push({
            urn,
            type: "aws:sesv2/emailIdentity:EmailIdentity",
            name: `identity-${i}`,
            custom: true,
            dependencies: [],
            propertyDependencies: {},
            inputs: {},
            outputs: { emailIdentity: domain, region: "eu-west-1", dkimSigningAttributes: preview ? UNKNOWN : { tokens: [`a${i}`, `b${i}`, `c${i}`] } },
        });
        resources.push({
            urn: `urn:pulumi:dev::big::aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes::mail-from-${i}`,
            type: "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
            name: `mail-from-${i}`,
            custom: true,
            dependencies: [urn],
            propertyDependencies: { emailIdentity: [urn] },
            inputs: {},
            outputs: { emailIdentity: domain, mailFromDomain: `bounce.${domain}`, region: "eu-west-1" },
        });
    }
    return resources;
}

describe("policies: every AnalyzeStack answer stays under the CLI proxy's 4 MiB", () => {
    const pack = usePack();

    for (const preview of [true, false]) {
        it(`${preview ? "preview" : "update"}: 10,000 failing identities, each still named, in an answer under 4 MiB`, async function () {
            this.timeout(300_000);
            await pack().session.configureStack({ project: "big", stack: "dev", dryRun: preview });
            await pack().session.configure();
            const diagnostics = await pack().session.analyzeStack(failingStack(10_000, preview));
            const size = answerSize(diagnostics);
            assert.ok(size < PROXY_LIMIT, `answer is ${size} bytes`);
            const verified = diagnostics.filter((d) => d.policyName === "ses-domain-identity-verified");
            assert.ok(verified.length > 1, "violations are reported in full while they fit");
            const closing = verified[verified.length - 1];
            assert.match(closing.message, /^\d+ more violation\(s\) of ses-domain-identity-verified/m);
            const named = verified.filter((d) => d !== closing).length + (closing.message.match(/^ {2}- /gm) ?? []).length;
            const counted = Number(/\.\.\. and (\d+) more$/.exec(closing.message)?.[1] ?? 0);
            assert.equal(named + counted, 10_000, "every failing identity is accounted for");
        });
    }
});
