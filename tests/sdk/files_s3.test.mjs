// File fields on S3 storage: the official SDK against hookbase configured
// with settings.s3 pointing at an S3 protocol server the Go test runs on
// 127.0.0.1 (tests/files_s3_test.go). The bucket is inspected directly
// over the S3 HTTP API.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import PocketBase from "pocketbase";

const url = process.env.HOOKBASE_URL;
const email = process.env.HOOKBASE_SU_EMAIL;
const password = process.env.HOOKBASE_SU_PASSWORD;
const dataDir = process.env.HOOKBASE_DATA_DIR;
const fixtures = process.env.HOOKBASE_FIXTURES;
const s3 = process.env.HOOKBASE_S3_URL;
const bucket = process.env.HOOKBASE_S3_BUCKET;
if (!url || !email || !password || !dataDir || !fixtures || !s3 || !bucket) {
  throw new Error("run through go test (tests/files_s3_test.go)");
}
const wide = fs.readFileSync(path.join(fixtures, "wide.png"));

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

// bucketKeys lists the object keys under prefix (S3 ListObjectsV2).
async function bucketKeys(prefix) {
  const res = await fetch(`${s3}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
  assert.equal(res.status, 200);
  const xml = await res.text();
  return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]).sort();
}

const s3Settings = {
  enabled: true, bucket, region: "us-east-1", endpoint: s3,
  accessKey: "test-key", secret: "test-secret", forcePathStyle: true,
};
let su, col;

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
  col = await su.collections.create({
    name: "s3_posts", listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [
      { name: "title", type: "text" },
      { name: "images", type: "file", maxSelect: 2, thumbs: ["50x50", "40x0"] },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_s3_posts_title ON s3_posts (title) WHERE title != ''"],
  });
});

test("POST /api/settings/test/s3 checks the configured bucket", async () => {
  await assert.rejects(su.settings.testS3("storage"), (err) => {
    assert.equal(err.status, 400);
    assert.match(err.response.message, /S3 storage filesystem is not enabled/);
    return true;
  });
  await su.settings.update({ s3: { ...s3Settings, bucket: "no-such-bucket" } });
  await assert.rejects(su.settings.testS3("storage"), (err) => err.status === 400 && /Failed to test the S3 filesystem/.test(err.response.message));
  await su.settings.update({ s3: s3Settings });
  assert.equal(await su.settings.testS3("storage"), true);
  assert.deepEqual(await bucketKeys("pb_settings_test_"), [], "the test file is deleted again");
  await assert.rejects(su.settings.testS3("backups"), (err) => err.status === 400);
  await assert.rejects(su.settings.testS3("other"), (err) => err.response?.data?.filesystem?.code === "validation_in_invalid");
  await assert.rejects(client().settings.testS3("storage"), (err) => err.status === 401);
});

test("uploads, serving, thumbs, replace and delete go to the bucket", async () => {
  const posts = su.collection("s3_posts");
  let rec = await posts.create({ title: "one", images: [new File([wide], "wide.png"), new File(["plain"], "notes.txt")] });
  const [img, txt] = rec.images;
  const dir = `${rec.collectionId}/${rec.id}/`;
  assert.deepEqual(await bucketKeys(dir), [dir + img, dir + txt].sort());
  assert.ok(!fs.existsSync(path.join(dataDir, "storage", rec.collectionId)), "nothing stored locally");

  let res = await fetch(su.files.getURL(rec, txt));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await res.text(), "plain");
  res = await fetch(su.files.getURL(rec, txt), { headers: { Range: "bytes=1-3" } });
  assert.equal(res.status, 206);
  assert.equal(await res.text(), "lai");

  res = await fetch(su.files.getURL(rec, img, { thumb: "40x0" }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/png");
  const buf = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([buf.readUInt32BE(16), buf.readUInt32BE(20)], [40, 20]);
  assert.ok((await bucketKeys(dir)).includes(`${dir}thumbs_${img}/40x0_${img}`), "thumb cached in the bucket");

  // replacing drops the old object and its thumbs after the commit
  rec = await posts.update(rec.id, { images: [txt, new File([wide], "next.png")] });
  assert.ok(!(await bucketKeys(dir)).some((k) => k.includes(img)));

  // a failed write leaves nothing in the bucket
  await assert.rejects(posts.create({ id: "s3failedrecord1", title: "one", images: [new File(["x"], "x.txt")] }), (err) => err.status === 400);
  assert.deepEqual(await bucketKeys(`${rec.collectionId}/s3failedrecord1/`), []);

  await posts.delete(rec.id);
  assert.deepEqual(await bucketKeys(dir), []);
});
