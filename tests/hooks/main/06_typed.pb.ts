// TypeScript hooks are transpiled in-process
interface Greeting { text: string; typed: boolean }
const makeGreeting = (name: string): Greeting => ({ text: `hello ${name}`, typed: true })
routerAdd("GET", "/js/ts/{name}", (e: any) => e.json(200, makeGreeting(e.request.pathValue("name"))))
