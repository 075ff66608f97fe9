/// <reference path="../pb_data/types.d.ts" />
// Wrong calls: every marked line must be an error (tsc reports each one).

$app.findRecordByIdd("posts", "x") // @expect-error: no such method
$app.save() // @expect-error: missing argument
new Collection({ type: "base", name: "posts", feilds: [] }) // @expect-error: unknown key
new Collection({ type: "table", name: "posts" }) // @expect-error: unknown collection type
new Collection({ fields: [{ type: "text", name: "t", requird: true }] }) // @expect-error: unknown field option
new Collection({ fields: [{ type: "txt", name: "t" }] }) // @expect-error: unknown field type
new TextField({ name: "t", maxSelect: 1 }) // @expect-error: option of another field type
routerAdd("GET") // @expect-error: missing path and handler
onRecordCreate((e) => e.recrd) // @expect-error: no such event member
onRecordCreate((e) => e.record.sett("a", 1)) // @expect-error: no such record method
$security.randomString("ten") // @expect-error: wrong argument type
cronAdd("id", "* * * * *") // @expect-error: missing handler
$app.findCollectionByNameOrId("posts").fields.addd(new BoolField({ name: "b" })) // @expect-error: no such list method
routerAdd("GET", "/x", (e) => e.jsno(200, {})) // @expect-error: a misspelt event method in a route
routerAdd("GET", "/x", (c) => c.request.pathValu("id")) // @expect-error: a misspelt request method in a route
$app.findRecordsByFilter("posts") // @expect-error: the filter is required
throw ForbiddenError(403, "x") // @expect-error: the status is fixed by the class
$app.findCollectionByNameOrId("posts").indexes = "CREATE INDEX" // @expect-error: indexes are a list
