import * as assert from "node:assert/strict";
import * as path from "node:path";
import { UNKNOWN } from "../../state/wire";
import { type CapturedResource } from "../../state/captured-resource";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { ROOT, show } from "./pack-harness";

const resource: CapturedResource = {
    urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b",
    type: "aws:s3/bucket:Bucket",
    name: "b",
    custom: true,
    dependencies: [],
    propertyDependencies: {},
    inputs: { computed: UNKNOWN },
    outputs: { computed: UNKNOWN },
};

describe("policies: stack/guard, through a pack whose policies break", () => {
    let pack: PolicyPackProcess;

    before(async function () {
        this.timeout(60_000);
        pack = await startPolicyPack(path.join(ROOT, "tests/policies/fixtures/guarded-pack"));
        await pack.session.configureStack({ project: "p", stack: "dev", dryRun: true });
        await pack.session.configure();
    });

    after(async () => {
        await pack?.close();
    });

    it("turns a throw in a stack policy into a violation naming the policy, keeping what it reported before", async () => {
        const diagnostics = await pack.session.analyzeStack([resource]);
        const messages = diagnostics.filter((d) => d.policyName === "throws-in-stack").map((d) => d.message);
        assert.equal(messages.length, 2, show(diagnostics));
        assert.match(messages[0], /a real violation found before the bug/);
        assert.match(messages[1], /ses-guard policy 'throws-in-stack' could not finish: boom/);
    });

    it("turns an unguarded read of an unknown into a mandatory violation, not @pulumi/policy's advisory note", async () => {
        const diagnostics = await pack.session.analyze(resource);
        const [d, ...rest] = diagnostics.filter((x) => x.policyName === "reads-unknown");
        assert.equal(rest.length, 0, show(diagnostics));
        assert.equal(d.enforcementLevel, "mandatory");
        assert.match(d.message, /'reads-unknown' could not finish: it read a value unknown during preview/);
        assert.doesNotMatch(d.message, /can't run/);
    });
});
