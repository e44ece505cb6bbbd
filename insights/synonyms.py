"""Adding words residents typed as a synonym of a help topic, from the unmet demand screen.

The words go on the end of the topic's synonyms; saving the topic clears the cached reading of queries
(search/understanding.py), so the next search reads the words as that topic, on either engine.
"""

from django import forms

from directory.models import HelpTopic

MAX_LENGTH = 100


class AddSynonymForm(forms.Form):
    words = forms.CharField(
        max_length=MAX_LENGTH,
        error_messages={
            "required": "There were no words to add.",
            "max_length": f"Words to add as a synonym must be {MAX_LENGTH} characters or fewer.",
        },
    )
    topic = forms.ModelChoiceField(
        queryset=HelpTopic.objects.order_by("name"),
        empty_label="Choose a topic",
        error_messages={
            "required": "Choose the help topic these words mean.",
            "invalid_choice": "That help topic no longer exists. Choose another.",
        },
    )

    def clean_words(self):
        from search.understanding import read_query, tokens

        words = " ".join(self.cleaned_data["words"].lower().split())
        if not tokens(words):
            raise forms.ValidationError("Synonyms need letters or numbers, not only punctuation.")
        if any(mark in words for mark in ",;"):
            raise forms.ValidationError("Add one synonym at a time, without commas or semicolons.")
        reading = read_query(words)
        named = reading.topics
        if not named and not reading.words:
            raise forms.ValidationError(f"'{words}' is too common to mean one topic: add more exact words.")
        if named:
            names = ", ".join(HelpTopic.objects.filter(slug__in=named).values_list("name", flat=True))
            raise forms.ValidationError(f"'{words}' already finds {names}.")
        return words

    def save(self) -> HelpTopic:
        topic = self.cleaned_data["topic"]
        words = self.cleaned_data["words"]
        topic.synonyms = f"{topic.synonyms.strip().rstrip(',')}, {words}" if topic.synonyms.strip() else words
        topic.save(update_fields=["synonyms"])
        return topic
