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

// countedNoun is a placeholder followed by a word: "{{.Count}} questions".
var countedNoun = regexp.MustCompile(`\{\{\.(\w+)\}\} ([a-z]+)`)

// numberArgs are the placeholders that carry a number. fixedArgs among
// them are limits and sizes the code fixes above one (a maximum length,
// the 14 days of a link, the pages of an assessment, efforts of at least
// three hours), so their nouns are always plural; every other number
// that counts a noun selects the message's plural form, as Count.
var (
	numberArgs = map[string]bool{"Count": true, "Total": true, "N": true, "Done": true, "Doing": true, "Score": true,
		"Rating": true, "Page": true, "Max": true, "Min": true, "Length": true, "Hours": true, "Sections": true,
		"Resources": true, "Milestones": true, "Days": true, "Minutes": true, "Answered": true, "Version": true}
	fixedArgs = map[string]bool{"Max": true, "Min": true, "Length": true, "Days": true, "Sections": true,
		"Hours": true, "Milestones": true, "Resources": true}
	// notNouns follow a number without being counted by it.
	notNouns = map[string]bool{"of": true, "to": true, "in": true, "out": true, "from": true, "on": true, "at": true,
		"h": true, "min": true, "done": true, "and": true, "or": true, "is": true, "was": true}
)

// Every number that counts a noun in English chooses between the plural
// forms ("1 of 62 questions", "wait 1 minute"), so it is the message's
// Count and the message has plural forms.
func TestCountedNounsHavePluralForms(t *testing.T) {
	all := messages(t)
	for id, v := range all["en"] {
		texts := map[string]string{}
		plural := false
		switch v := v.(type) {
		case string:
			texts[""] = v
		case map[string]any:
			plural = true
			for f, s := range v {
				texts[f], _ = s.(string)
			}
		}
		for _, text := range texts {
			for _, m := range countedNoun.FindAllStringSubmatch(text, -1) {
				arg, word := m[1], m[2]
				if !numberArgs[arg] || fixedArgs[arg] || notNouns[word] {
					continue
				}
				if arg != "Count" || !plural {
					t.Errorf("%s: %q counts %q by %s; make it the Count of a plural message", id, text, word, arg)
				}
			}
		}
	}
}
