package i18n_test

import (
	"regexp"
	"strings"
	"testing"
)

// each calls f with every message text of every language: plain messages
// and each plural form.
func each(t *testing.T, f func(lang, id, text string)) {
	for lang, msgs := range messages(t) {
		for id, v := range msgs {
			switch v := v.(type) {
			case string:
				f(lang, id, v)
			case map[string]any:
				for form, s := range v {
					text, _ := s.(string)
					f(lang, id+"."+form, text)
				}
			}
		}
	}
}

// nameArg is a placeholder for the name of a skill or sub-area.
var nameArg = regexp.MustCompile(`\{\{\.(Skill|SubArea)\}\}`)

// German declines nouns, and a skill's name ("Interne Beziehungen") does
// not change with the case a sentence needs ("Ihr Wert in Interne
// Beziehungen"). So a German message puts the name where it stands alone:
// first, after a colon, or in parentheses.
func TestGermanSkillNamesStandAlone(t *testing.T) {
	each(t, func(lang, id, text string) {
		if lang != "de" {
			return
		}
		for _, loc := range nameArg.FindAllStringIndex(text, -1) {
			before := text[:loc[0]]
			if before == "" || strings.HasSuffix(before, ": ") || strings.HasSuffix(before, "(") {
				continue
			}
			t.Errorf("de %s: the name in %q is inside the sentence; put it first or after a colon", id, text)
		}
	})
}

// sentenceEnd splits a message into sentences.
var sentenceEnd = regexp.MustCompile(`[.!?]\s`)

// A sentence gives numbers on one scale: a score out of 100 and a rating
// out of 5 in one sentence ("88 … but … 2 out of 5") read as comparable.
func TestNoSentenceMixesScales(t *testing.T) {
	each(t, func(lang, id, text string) {
		for _, s := range sentenceEnd.Split(text, -1) {
			if strings.Contains(s, "{{.Score}}") && strings.Contains(s, "{{.Rating}}") {
				t.Errorf("%s %s: %q gives a score and a rating in one sentence", lang, id, s)
			}
		}
	})
}
