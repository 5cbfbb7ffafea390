import * as assert from "node:assert/strict";
import { UNKNOWN } from "../../state/wire";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { analyzerProto } from "../../offline-engine/proto";
import { MINIMAL_PACK, PROBE_PACK, resource } from "./fixtures";

/** Facts of shared/reference/analyzer-protocol.md, checked against real pack processes with Pulumi's raw stubs. */
describe("engine: analyzer protocol facts", () => {
    let minimal: PolicyPackProcess;
    let probe: PolicyPackProcess;

    before(async () => {
        [minimal, probe] = await Promise.all([startPolicyPack(MINIMAL_PACK), startPolicyPack(PROBE_PACK)]);
    });

    after(async () => {
        await Promise.all([minimal?.close(), probe?.close()]);
    });

    /** Sends a raw AnalyzeRequest built without `options`, straight through the generated client. */
    function analyzeWithoutOptions(port: number): Promise<unknown> {
        const { grpc, pb, rpc, struct } = analyzerProto();
        const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const req = new pb.AnalyzeRequest();
        req.setUrn("urn:pulumi:dev::proj::aws:s3/bucket:Bucket::forbidden");
        req.setType("aws:s3/bucket:Bucket");
        req.setName("forbidden");
        req.setProperties(struct.Struct.fromJavaScript({}));
        return new Promise((resolve, reject) => client.analyze(req, (err, res) => (client.close(), err ? reject(err) : resolve(res))));
    }

    it("a request without options is refused with 'A more recent version of the Pulumi CLI is required'", async () => {
        await assert.rejects(analyzeWithoutOptions(minimal.port), /A more recent version of the Pulumi CLI is required/);
    });

    it("a Node pack answers Handshake with UNIMPLEMENTED, which the session tolerates", async () => {
        const { grpc, pb, rpc } = analyzerProto();
        const client = new rpc.AnalyzerClient(`127.0.0.1:${minimal.port}`, grpc.credentials.createInsecure());
        const code = await new Promise<number>((resolve) =>
            client.handshake(new pb.AnalyzerHandshakeRequest(), (err) => (client.close(), resolve(err?.code ?? 0))),
        );
        assert.equal(code, grpc.status.UNIMPLEMENTED);
        await minimal.session.handshake();
    });

    it("one unguarded read of an unknown turns the policy's verdict into an advisory 'can't run' note", async () => {
        await probe.session.configure();
        const ds = await probe.session.analyze(resource("aws:s3/bucket:Bucket", "reads-unknown", { watched: UNKNOWN }));
        const d = ds.find((x) => x.policyName === "probe-unknown");
        assert.equal(d?.enforcementLevel, "advisory");
        assert.match(d?.message ?? "", /can't run policy 'probe-unknown' from policy pack 'probe-pack@v1.2.3' during preview/);
        const known = await probe.session.analyze(resource("aws:s3/bucket:Bucket", "reads-unknown", { watched: "bad" }));
        assert.equal(known.find((x) => x.policyName === "probe-unknown")?.enforcementLevel, "mandatory");
    });

    it("policies declared without a level take the pack's level; configured levels override them", async () => {
        const info = await probe.session.getAnalyzerInfo();
        assert.equal(info.policies.find((p) => p.name === "probe-analyze")?.enforcementLevel, "advisory");
        await probe.session.configure({ "probe-analyze": "mandatory" });
        const ds = await probe.session.analyze(resource("aws:s3/bucket:Bucket", "b"));
        assert.equal(ds.find((d) => d.policyName === "probe-analyze")?.enforcementLevel, "mandatory");
    });
});
