package web

import (
	"io/fs"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/i18n"
)

// Load reads and validates the data folders under files (content/,
// assessments/ and the UI messages). A bad file is an error naming the file
// and field, so the server refuses to start on it. The caller adds the
// store.
func Load(files fs.FS) (Deps, error) {
	cf, err := fs.Sub(files, "content")
	if err != nil {
		return Deps{}, err
	}
	c, err := content.Load(cf)
	if err != nil {
		return Deps{}, err
	}
	af, err := fs.Sub(files, "assessments")
	if err != nil {
		return Deps{}, err
	}
	as, err := assess.Load(af, c)
	if err != nil {
		return Deps{}, err
	}
	tr, err := i18n.Load(files, "content/locales")
	if err != nil {
		return Deps{}, err
	}
	return Deps{Content: c, Assessments: as, I18n: tr}, nil
}
