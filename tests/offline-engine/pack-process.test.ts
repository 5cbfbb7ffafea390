import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalyzerSession } from "../../offline-engine/analyzer-client";
import { PolicyPackStartError, startPolicyPack } from "../../offline-engine/pack-process";
import { BROKEN_PACK, MINIMAL_PACK, SILENT_PACK } from "./fixtures";

describe("engine: pack-process", () => {
    it("starts a pack with run-policy-pack and connects to the port it prints", async () => {
        const pack = await startPolicyPack(MINIMAL_PACK);
        try {
            assert.ok(Number.isInteger(pack.port) && pack.port > 0);
            const info = await pack.session.getAnalyzerInfo();
            assert.equal(info.name, "minimal-pack");
        } finally {
            await pack.close();
        }
    });

    it("reads the pack's version from its package.json, as @pulumi/policy does", async () => {
        const pack = await startPolicyPack(MINIMAL_PACK);
        try {
            assert.equal((await pack.session.getAnalyzerInfo()).version, "0.0.1");
        } finally {
            await pack.close();
        }
    });

    it("fails with the exit code and the pack's stderr when the pack exits before printing a port", async () => {
        await assert.rejects(startPolicyPack(BROKEN_PACK), (err: unknown) => {
            assert.ok(err instanceof PolicyPackStartError);
            assert.match(err.message, /exited \(code \d+\) before printing its port/);
            assert.match(err.message, /broken-pack fails while loading/);
            assert.match(err.stderr, /broken-pack fails while loading/);
            return true;
        });
    });

    it("fails with a timeout when the pack never prints a port", async () => {
        await assert.rejects(startPolicyPack(SILENT_PACK, { timeoutMs: 1500 }), /did not print its port within 1500 ms/);
    });

    it("refuses a directory without PulumiPolicy.yaml before starting anything", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "not-a-pack-"));
        try {
            await assert.rejects(startPolicyPack(dir), /is not a policy pack: it has no PulumiPolicy.yaml/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a pack whose PulumiPolicy.yaml names another runtime", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "python-pack-"));
        try {
            fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: python\n");
            await assert.rejects(startPolicyPack(dir), /PulumiPolicy.yaml: runtime is "python"; only nodejs packs can be run here/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("stops the pack process on close", async () => {
        const pack = await startPolicyPack(MINIMAL_PACK);
        await pack.close();
        const again = new AnalyzerSession(`127.0.0.1:${pack.port}`);
        try {
            await assert.rejects(again.getAnalyzerInfo(), /UNAVAILABLE|No connection established|ECONNREFUSED/i);
        } finally {
            again.close();
        }
    });
});
