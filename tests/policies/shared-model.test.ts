import * as assert from "node:assert/strict";
import { captureProgram } from "../../testing/mock-capture";
import type { CapturedResource } from "../../state/captured-resource";
import { v2DomainWithRoute53 } from "../programs/ses-programs";
import { TEST_REGION, show, usePack } from "./pack-harness";

const POLICY = "ses-dkim-record-values";

/** The update-form stack of a v2 domain with its DKIM CNAMEs, pointing at `dkimDomain` (SES's own by default). */
async function stack(dkimDomain?: string): Promise<CapturedResource[]> {
    return captureProgram(() => void v2DomainWithRoute53("example.com", dkimDomain ? { dkimDomain } : {}), {
        preview: false,
        config: { "aws:region": TEST_REGION },
    });
}

// The stack policies of one AnalyzeStack request share one stack model (StackModel.of). These requests carry the
// same URNs with different values: a model kept from one request and handed to another would give the right
// stack's verdict to the wrong one.
describe("policies: one stack model per request, never another request's", () => {
    const pack = usePack();
    let right: CapturedResource[];
    let wrong: CapturedResource[];

    before(async () => {
        right = await stack();
        wrong = await stack("dkim.example.net");
        assert.deepEqual(
            wrong.map((r) => r.urn),
            right.map((r) => r.urn),
            "the two stacks have the same URNs",
        );
    });

    const verdict = async (resources: CapturedResource[]) => (await pack().session.analyzeStack(resources)).filter((d) => d.policyName === POLICY);

    it("judges each of a sequence of requests with the same URNs on its own values", async () => {
        for (const [resources, failing] of [
            [right, false],
            [wrong, true],
            [right, false],
            [wrong, true],
        ] as const) {
            const found = await verdict(resources);
            if (failing) assert.equal(found.length, 3, show(found));
            else assert.deepEqual(found, [], show(found));
        }
    });

    it("judges requests in flight at the same time each on its own values", async () => {
        const results = await Promise.all([right, wrong, right, wrong, right].map(verdict));
        results.forEach((found, i) => {
            if (i % 2 === 1) assert.equal(found.length, 3, `request ${i}: ${show(found)}`);
            else assert.deepEqual(found, [], `request ${i}: ${show(found)}`);
        });
    });
});
