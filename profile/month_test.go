package profile

import "testing"

func TestMonth(t *testing.T) {
	cases := map[string]string{
		"2021-03": "2021-03", "2021-3": "2021-03", "2021-03-15": "2021-03", "March 2021": "2021-03",
		"Mar 2021": "2021-03", "mar. 2021": "2021-03", "Sept 2019": "2019-09", "03/2021": "2021-03",
		"2021/11": "2021-11", "Dezember 2020": "2020-12", "  2017-09 ": "2017-09",
		"2021": "", "present": "", "summer 2019": "", "2021-13": "", "13/2021": "", "": "", "Foo 2020": "",
	}
	for in, want := range cases {
		got, ok := Month(in)
		if got != want || ok != (want != "") {
			t.Errorf("Month(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
