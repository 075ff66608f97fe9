// The official PocketBase JS SDK against hookbase: file fields on local
// storage (uploads, modifiers, validation, serving, thumbs, protected
// files, cleanup). Run by tests/files_test.go, which also writes the image
// fixtures (HOOKBASE_FIXTURES) and tells where pb_data is (HOOKBASE_DATA_DIR).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import PocketBase from "pocketbase";

const url = process.env.HOOKBASE_URL;
const email = process.env.HOOKBASE_SU_EMAIL;
const password = process.env.HOOKBASE_SU_PASSWORD;
const dataDir = process.env.HOOKBASE_DATA_DIR;
const fixtures = process.env.HOOKBASE_FIXTURES;
if (!url || !email || !password || !dataDir || !fixtures) {
  throw new Error("run through go test (tests/files_test.go)");
}

const wide = fs.readFileSync(path.join(fixtures, "wide.png")); // 400x200
const tall = fs.readFileSync(path.join(fixtures, "tall.png")); // 100x300
const rotated = fs.readFileSync(path.join(fixtures, "rotated.jpg")); // 300x100, EXIF 6

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

async function rejectsWithCode(promise, field, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, 400, JSON.stringify(err.response));
    assert.equal(err.response?.data?.[field]?.code, code, JSON.stringify(err.response));
    return true;
  });
}

const pass = "1234567890";
let su, guest, user, member, posts, priv;

function storagePath(rec, name = "") {
  return path.join(dataDir, "storage", rec.collectionId, rec.id, name);
}

function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString(), "PNG", "not a PNG");
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

function jpegSize(buf) {
  assert.equal(buf.readUInt16BE(0), 0xffd8, "not a JPEG");
  let i = 2;
  while (i < buf.length) {
    const marker = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) {
      return [buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5)];
    }
    i += 2 + len;
  }
  throw new Error("no SOF marker");
}

async function get(fileUrl, headers = {}) {
  const res = await fetch(fileUrl, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

// rawGet sends the path exactly as given (fetch would normalise "..").
function rawGet(rawPath) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

const thumbs = ["50x50", "60x30t", "60x30b", "60x30f", "40x0", "0x40", "50x0"];

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
  guest = client();
  posts = await su.collections.create({
    name: "files_posts", listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [
      { name: "title", type: "text" },
      { name: "meta", type: "json" },
      { name: "doc", type: "file", maxSelect: 1, maxSize: 2000, mimeTypes: ["text/plain", "application/json"] },
      { name: "images", type: "file", maxSelect: 3, thumbs, mimeTypes: ["image/png", "image/jpeg"] },
      { name: "any", type: "file", maxSelect: 1 },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_files_posts_title ON files_posts (title) WHERE title != ''"],
  });
  await su.collections.create({
    name: "files_required", createRule: "",
    fields: [{ name: "f", type: "file", required: true, maxSelect: 1 }],
  });
  priv = await su.collections.create({
    name: "files_private",
    listRule: '@request.auth.collectionName = "users"', viewRule: '@request.auth.collectionName = "users"',
    fields: [{ name: "secret", type: "file", maxSelect: 1, protected: true }],
  });
  await su.collections.create({ name: "files_members", type: "auth", fields: [] });
  await su.collection("users").create({ email: "ann@files.test", password: pass, passwordConfirm: pass });
  await su.collection("files_members").create({ email: "mem@files.test", password: pass, passwordConfirm: pass });
  user = client();
  await user.collection("users").authWithPassword("ann@files.test", pass);
  member = client();
  await member.collection("files_members").authWithPassword("mem@files.test", pass);
});

test("FormData upload: PocketBase's stored names, files on disk, serving headers", async () => {
  const fd = new FormData();
  fd.append("title", "fd");
  fd.append("doc", new Blob(["hello world"], { type: "text/plain" }), "Hello World.txt");
  fd.append("images", new Blob([wide]), "wide.png");
  fd.append("images", new Blob([tall]), "My Tall.PNG");
  const rec = await guest.collection("files_posts").create(fd);
  assert.match(rec.doc, /^hello_world_[a-z0-9]{10}\.txt$/);
  assert.equal(rec.images.length, 2);
  assert.match(rec.images[0], /^wide_[a-z0-9]{10}\.png$/);
  assert.match(rec.images[1], /^my_tall_[a-z0-9]{10}\.PNG$/);
  for (const name of [rec.doc, ...rec.images]) {
    assert.ok(fs.existsSync(storagePath(rec, name)), name);
    // the same metadata sidecar as PocketBase, so pb_data moves both ways
    const attrs = JSON.parse(fs.readFileSync(storagePath(rec, name) + ".attrs", "utf8"));
    assert.ok(attrs["user.content_type"]);
  }

  const docUrl = guest.files.getURL(rec, rec.doc);
  let { res, body } = await get(docUrl);
  assert.equal(res.status, 200);
  assert.equal(body.toString(), "hello world");
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("content-disposition"), `attachment; filename=${rec.doc}`);
  assert.match(res.headers.get("content-security-policy"), /sandbox/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("cache-control"), "max-age=2592000, stale-while-revalidate=86400");
  assert.equal(res.headers.get("accept-ranges"), "bytes");

  ({ res } = await get(guest.files.getURL(rec, rec.images[0])));
  assert.equal(res.headers.get("content-type"), "image/png");
  assert.equal(res.headers.get("content-disposition"), `inline; filename=${rec.images[0]}`);
  ({ res } = await get(guest.files.getURL(rec, rec.images[0], { download: true })));
  assert.equal(res.headers.get("content-disposition"), `attachment; filename=${rec.images[0]}`);

  // ranges and conditional requests (http.ServeContent semantics)
  ({ res, body } = await get(docUrl, { Range: "bytes=0-4" }));
  assert.equal(res.status, 206);
  assert.equal(body.toString(), "hello");
  assert.equal(res.headers.get("content-range"), "bytes 0-4/11");
  const { res: first } = await get(docUrl);
  ({ res } = await get(docUrl, { "If-Modified-Since": first.headers.get("last-modified") }));
  assert.equal(res.status, 304);
});

test("JSON + files as the SDK sends them (@jsonPayload beside the file parts)", async () => {
  const rec = await guest.collection("files_posts").create({
    title: "json",
    meta: { a: 1, list: [1, 2] },
    images: [new File([wide], "one.png"), new File([tall], "two.png")],
  });
  assert.deepEqual(rec.meta, { a: 1, list: [1, 2] });
  assert.equal(rec.images.length, 2);
  assert.match(rec.images[0], /^one_/);

  // existing names sent beside new files are kept (no accidental delete)
  const upd = await guest.collection("files_posts").update(rec.id, {
    images: [rec.images[1], new File([wide], "three.png")],
  });
  assert.equal(upd.images.length, 2);
  assert.equal(upd.images[0], rec.images[1]);
  assert.match(upd.images[1], /^three_/);
  assert.ok(!fs.existsSync(storagePath(rec, rec.images[0])), "dropped file deleted");
  assert.ok(fs.existsSync(storagePath(rec, rec.images[1])));
});

test("modifiers: field+ appends, +field prepends, field- removes, ''/[] clear", async () => {
  const col = guest.collection("files_posts");
  let rec = await col.create({ title: "mods", images: [new File([wide], "a.png")], doc: new File(["d1"], "d1.txt") });
  const a = rec.images[0];
  rec = await col.update(rec.id, { "images+": new File([tall], "bee.png") });
  assert.equal(rec.images.length, 2);
  assert.equal(rec.images[0], a);
  assert.match(rec.images[1], /^bee_/);
  rec = await col.update(rec.id, { "+images": new File([tall], "cee.png") });
  assert.match(rec.images[0], /^cee_/);
  assert.deepEqual(rec.images.slice(1), [a, rec.images[2]]);

  rec = await col.update(rec.id, { "images-": [a] });
  assert.equal(rec.images.length, 2);
  assert.ok(!rec.images.includes(a));
  assert.ok(!fs.existsSync(storagePath(rec, a)), "removed file deleted after commit");

  // a new single file replaces the old one, which is deleted
  const d1 = rec.doc;
  rec = await col.update(rec.id, { doc: new File(["d2"], "doc2.txt") });
  assert.match(rec.doc, /^doc2_/);
  assert.ok(!fs.existsSync(storagePath(rec, d1)));

  const left = [...rec.images, rec.doc];
  rec = await col.update(rec.id, { images: [], doc: "" });
  assert.deepEqual(rec.images, []);
  assert.equal(rec.doc, "");
  for (const name of left) assert.ok(!fs.existsSync(storagePath(rec, name)), name);

  // FormData: "images" with an empty value clears as well
  rec = await col.update(rec.id, { images: [new File([wide], "e.png")] });
  const fd = new FormData();
  fd.append("images", "");
  rec = await col.update(rec.id, fd);
  assert.deepEqual(rec.images, []);
});

test("validation codes of PocketBase, and nothing stored on a refused upload", async () => {
  const col = guest.collection("files_posts");
  await rejectsWithCode(col.create({ id: "toobigtoobig001", doc: new File(["x".repeat(2001)], "big.txt") }), "doc", "validation_file_size_limit");
  assert.ok(!fs.existsSync(path.join(dataDir, "storage", posts.id, "toobigtoobig001")));
  await rejectsWithCode(col.create({
    images: [new File([wide], "1.png"), new File([wide], "2.png"), new File([wide], "3.png"), new File([wide], "4.png")],
  }), "images", "validation_too_many_files");
  // the type is sniffed from the content, not taken from the name
  await rejectsWithCode(col.create({ images: [new File(["just text"], "fake.png", { type: "image/png" })] }), "images", "validation_invalid_mime_type");
  await rejectsWithCode(col.create({ doc: new File([wide], "image.txt", { type: "text/plain" }) }), "doc", "validation_invalid_mime_type");
  // a client cannot point a field at a file it did not upload
  const rec = await col.create({ title: "forge" });
  await rejectsWithCode(col.update(rec.id, { doc: "../../data.db" }), "doc", "validation_invalid_file");
  await rejectsWithCode(col.update(rec.id, { any: "other_abcdefghij.png" }), "any", "validation_invalid_file");
  await rejectsWithCode(guest.collection("files_required").create({}), "f", "validation_required");
  const ok = await guest.collection("files_required").create({ f: new File(["x"], "xyz.bin") });
  assert.match(ok.f, /^xyz_[a-z0-9]{10}\.bin$/);
  // the body limit is 32MB plus what the collection's file fields may take
  // (here one 5MB file): a larger multipart body is refused with 413
  const huge = new FormData();
  huge.append("f", new Blob([Buffer.alloc(38 * 1024 * 1024, 1)]), "huge.bin");
  const tooLarge = await fetch(`${url}/api/collections/files_required/records`, { method: "POST", body: huge });
  assert.equal(tooLarge.status, 413);
  // the default maxSize is 5MB
  await rejectsWithCode(guest.collection("files_required").create({ f: new File([Buffer.alloc(5 * 1024 * 1024 + 1, 1)], "big.bin") }), "f", "validation_file_size_limit");
});

test("failed writes and rolled back transactions leave no files behind", async () => {
  const col = guest.collection("files_posts");
  await col.create({ title: "dup" });
  // the INSERT fails (unique title) after the file was stored
  await rejectsWithCode(col.create({ id: "failedrecord001", title: "dup", doc: new File(["x"], "x.txt") }), "title", "validation_not_unique");
  assert.ok(!fs.existsSync(path.join(dataDir, "storage", posts.id, "failedrecord001")));

  // an update that fails keeps the old file and stores nothing new
  let rec = await col.create({ title: "keep", doc: new File(["old"], "old.txt") });
  await rejectsWithCode(col.update(rec.id, { title: "dup", doc: new File(["new"], "new.txt") }), "title", "validation_not_unique");
  const after = await col.getOne(rec.id);
  assert.equal(after.doc, rec.doc);
  const onDisk = fs.readdirSync(storagePath(rec)).filter((n) => !n.endsWith(".attrs"));
  assert.deepEqual(onDisk, [rec.doc]);

  // a batch whose second request fails rolls back the first one's files
  await su.settings.update({ batch: { enabled: true, maxRequests: 50, timeout: 3, maxBodySize: 0 } });
  const batch = guest.createBatch();
  batch.collection("files_posts").create({ id: "batchrecord0001", title: "b1", doc: new File(["b"], "b.txt") });
  batch.collection("files_posts").create({ title: "dup" });
  await assert.rejects(batch.send(), (err) => err.status === 400);
  assert.ok(!fs.existsSync(path.join(dataDir, "storage", posts.id, "batchrecord0001")), "rolled back upload removed");
  await assert.rejects(col.getOne("batchrecord0001"), (err) => err.status === 404);

  // deleting a record deletes its directory after the commit
  rec = await col.create({ images: [new File([wide], "del.png")] });
  await get(guest.files.getURL(rec, rec.images[0], { thumb: "50x50" }));
  assert.ok(fs.existsSync(storagePath(rec)));
  await col.delete(rec.id);
  assert.ok(!fs.existsSync(storagePath(rec)));
});

test("traversal attempts in names and URLs never leave the record's files", async () => {
  const col = guest.collection("files_posts");
  const rec = await col.create({ any: new File(["evil"], "../../../evil.txt") });
  assert.match(rec.any, /^evil_[a-z0-9]{10}\.txt$/);
  assert.ok(fs.existsSync(storagePath(rec, rec.any)));

  const base = `/api/files/${rec.collectionId}/${rec.id}`;
  for (const p of [
    `${base}/..%2F..%2F..%2Fdata.db`,
    `${base}/../../../data.db`,
    `${base}/%2e%2e`,
    `${base}/${rec.any}.attrs`,
    `/api/files/${rec.collectionId}/..%2F${rec.id}/${rec.any}`,
    `/api/files/..%2Fstorage/${rec.id}/${rec.any}`,
    `${base}/${rec.any}%00`,
  ]) {
    assert.equal(await rawGet(p), 404, p);
  }
  assert.equal(await rawGet(`${base}/${rec.any}`), 200);
});

test("thumbs: every mode with its dimensions, EXIF rotation, format kept, cached", async () => {
  const col = guest.collection("files_posts");
  const rec = await col.create({
    images: [new File([wide], "wide.png"), new File([tall], "tall.png"), new File([rotated], "photo.jpg")],
    doc: new File(["text"], "t.txt"),
  });
  const [w, t, j] = rec.images;
  const thumb = async (name, size) => {
    const { res, body } = await get(guest.files.getURL(rec, name, { thumb: size }));
    assert.equal(res.status, 200, `${name} ${size}`);
    return { res, body };
  };
  const cases = [
    [w, "50x50", [50, 50]],
    [w, "40x0", [40, 20]],
    [w, "0x40", [80, 40]],
    [t, "60x30t", [60, 30]],
    [t, "60x30b", [60, 30]],
    [t, "60x30f", [10, 30]],
    [w, "60x30f", [60, 30]],
    [w, "100x100", [100, 100]], // PocketBase's default size is always served
  ];
  for (const [name, size, dims] of cases) {
    const { res, body } = await thumb(name, size);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.deepEqual(pngSize(body), dims, `${size} of ${name}`);
    assert.ok(fs.existsSync(storagePath(rec, `thumbs_${name}/${size}_${name}`)), "cached next to the file");
  }
  // top and bottom crops of the red-over-green image differ
  const top = (await thumb(t, "60x30t")).body;
  const bottom = (await thumb(t, "60x30b")).body;
  assert.notDeepEqual(top, bottom);

  // EXIF orientation 6: 300x100 pixels shown as 100x300; JPEG stays JPEG
  const { res, body } = await thumb(j, "50x0");
  assert.equal(res.headers.get("content-type"), "image/jpeg");
  assert.deepEqual(jpegSize(body), [50, 150]);

  // sizes not listed and non-images get the original
  assert.deepEqual(pngSize((await thumb(w, "70x70")).body), [400, 200]);
  assert.ok(!fs.existsSync(storagePath(rec, `thumbs_${w}/70x70_${w}`)));
  assert.equal((await thumb(rec.doc, "100x100")).body.toString(), "text");

  // concurrent first requests of a new thumb all get the same image
  const results = await Promise.all(Array.from({ length: 8 }, () => thumb(t, "50x0")));
  for (const r of results) assert.deepEqual(r.body, results[0].body);
  assert.deepEqual(pngSize(results[0].body), [50, 150]);
  assert.deepEqual(fs.readdirSync(storagePath(rec, `thumbs_${t}`)).filter((n) => n.startsWith("50x0_") && !n.endsWith(".attrs")), [`50x0_${t}`]);

  // removing a file removes its thumbs
  await col.update(rec.id, { "images-": w });
  assert.ok(!fs.existsSync(storagePath(rec, `thumbs_${w}`)));
});

test("protected files need a file token whose record passes the viewRule", async () => {
  const fd = new FormData();
  fd.append("secret", new Blob(["top secret"]), "secret.txt");
  const rec = await su.collection("files_private").create(fd);
  const fileUrl = (token) => su.files.getURL(rec, rec.secret, token ? { token } : {});

  assert.equal((await get(fileUrl())).res.status, 404);
  await assert.rejects(guest.files.getToken(), (err) => err.status === 401);

  const userToken = await user.files.getToken();
  let r = await get(fileUrl(userToken));
  assert.equal(r.res.status, 200);
  assert.equal(r.body.toString(), "top secret");
  const suToken = await su.files.getToken();
  assert.equal((await get(fileUrl(suToken))).res.status, 200);
  // settings.superuserIPs limits where a superuser's file token works
  await su.settings.update({ superuserIPs: ["10.9.9.9", "192.168.0.0/16"] });
  assert.equal((await get(fileUrl(suToken))).res.status, 404);
  assert.equal((await get(fileUrl(userToken))).res.status, 200);
  await su.settings.update({ superuserIPs: ["10.9.9.9", "127.0.0.0/8"] });
  assert.equal((await get(fileUrl(suToken))).res.status, 200);
  await su.settings.update({ superuserIPs: [] });

  // a token of another auth collection fails the rule; an auth token is no file token
  assert.equal((await get(fileUrl(await member.files.getToken()))).res.status, 404);
  assert.equal((await get(fileUrl(user.authStore.token))).res.status, 404);
  assert.equal((await get(fileUrl("garbage"))).res.status, 404);

  // an expired file token is refused
  await su.collections.update("users", { fileToken: { duration: 1 } });
  const short = await user.files.getToken();
  await new Promise((r) => setTimeout(r, 2100));
  assert.equal((await get(fileUrl(short))).res.status, 404);
  await su.collections.update("users", { fileToken: { duration: 180 } });
});

test("files shown through a view collection are served from their source record", async () => {
  const rec = await guest.collection("files_posts").create({ title: "viewed", doc: new File(["via view"], "viewed.txt") });
  await su.collections.create({
    name: "files_view", type: "view", listRule: "", viewRule: "",
    viewQuery: "SELECT id, doc FROM files_posts WHERE title = 'viewed'",
  });
  const row = await guest.collection("files_view").getOne(rec.id);
  assert.equal(row.doc, rec.doc);
  const { res, body } = await get(guest.files.getURL(row, row.doc));
  assert.equal(res.status, 200);
  assert.equal(body.toString(), "via view");
});

test("deleting a collection deletes its storage directory", async () => {
  const c = await su.collections.create({ name: "files_doomed", createRule: "", fields: [{ name: "f", type: "file", maxSelect: 1 }] });
  await guest.collection("files_doomed").create({ f: new File(["bye"], "bye.txt") });
  assert.ok(fs.existsSync(path.join(dataDir, "storage", c.id)));
  await su.collections.delete(c.id);
  assert.ok(!fs.existsSync(path.join(dataDir, "storage", c.id)));
});

test("rules see uploaded files in @request.body as their new names", async () => {
  await su.collections.create({
    name: "files_ruled", createRule: '@request.body.f != "" && @request.body.f ~ ".txt"',
    fields: [{ name: "f", type: "file", maxSelect: 1 }],
  });
  const ok = await guest.collection("files_ruled").create({ f: new File(["x"], "allowed.txt") });
  assert.match(ok.f, /^allowed_/);
  await assert.rejects(guest.collection("files_ruled").create({ f: new File([wide], "image.png") }), (err) => err.status === 400);
  await assert.rejects(guest.collection("files_ruled").create({}), (err) => err.status === 400);
});
