package inflector

import "testing"

func TestUcFirst(t *testing.T) {
	cases := map[string]string{
		"":        "",
		"a":       "A",
		"hello":   "Hello",
		"Hello":   "Hello",
		" hello":  " hello",
		"ölçü":    "Ölçü",
		"1st one": "1st one",
	}
	for in, want := range cases {
		if got := UcFirst(in); got != want {
			t.Errorf("UcFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentenize(t *testing.T) {
	cases := map[string]string{
		"":                   "",
		"   ":                "",
		"hello":              "Hello.",
		"  missing field  ":  "Missing field.",
		"Done.":              "Done.",
		"really?":            "Really?",
		"stop!":              "Stop!",
		"ends with colon:":   "Ends with colon:.",
		"already Capital":    "Already Capital.",
		"multi\nline text\n": "Multi\nline text.",
	}
	for in, want := range cases {
		if got := Sentenize(in); got != want {
			t.Errorf("Sentenize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnakecase(t *testing.T) {
	cases := map[string]string{
		"":                     "",
		"helloWorld Foo":       "hello_world_foo",
		"hello_world":          "hello_world",
		"HelloWorld":           "hello_world",
		"HTTPServer":           "http_server",
		"getHTTP":              "get_http",
		"  my   file--name!! ": "my_file_name",
		"__a__b__":             "a_b",
		"Photo 2024-01-02":     "photo_2024_01_02",
		"version2Beta":         "version2_beta",
		"ABC":                  "abc",
		"日本語":                  "",
		"café latte":           "caf_latte",
		"test.txt":             "test_txt",
	}
	for in, want := range cases {
		if got := Snakecase(in); got != want {
			t.Errorf("Snakecase(%q) = %q, want %q", in, got, want)
		}
	}
}
