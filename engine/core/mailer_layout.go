package core

// emailLayoutHead and emailLayoutTail wrap every auth email body, as
// PocketBase wraps its templates: an XHTML document whose inline styles
// give paragraphs, links and the ".btn" call-to-action their look in mail
// clients that ignore external CSS.
const emailLayoutHead = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <style>
        html, body {
            margin: 0;
            padding: 0;
            border: 0;
            background: #fff;
            color: #16161a;
            font-family: Source Sans Pro, sans-serif, emoji;
            font-size: 14px;
            font-weight: normal;
            line-height: 20px;
        }
        body { padding: 20px 30px; }
        p { display: block; margin: 10px 0; font-family: inherit; }
        strong { font-weight: bold; }
        em, i { font-style: italic; }
        small { font-size: 12px; line-height: 16px; }
        a { color: inherit; }
        hr { display: block; width: 100%; height: 1px; margin: 10px 0; border: 0; background: #e1e6ea; }
        .hidden { display: none !important; }
        .btn {
            display: inline-block;
            vertical-align: top;
            box-sizing: border-box;
            min-width: 150px;
            width: auto;
            margin: 5px 0;
            padding: 0 20px;
            border: 0;
            border-radius: 6px;
            background: #16161a !important;
            color: #fff !important;
            font-family: Source Sans Pro, sans-serif, emoji;
            font-size: 14px;
            font-weight: bold;
            line-height: 40px;
            text-align: center;
            text-decoration: none !important;
            cursor: pointer;
        }
    </style>
</head>
<body>
    `

const emailLayoutTail = `
</body>
</html>
`

// wrapEmailLayout puts a rendered template body into the layout.
func wrapEmailLayout(body string) string {
	return emailLayoutHead + body + emailLayoutTail
}
