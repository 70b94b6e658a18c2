"""What people read, made from the domain's codes and values: only the adapters (bot/, market/web, market/cli) import it.

    i18n        the Translator: a person's catalog (gettext) and babel's formats of money, numbers and dates
    labels      the words of the domain's codes (legal forms, statuses, categories, units), marked for extraction
    price_text  a price summary's and a chart's texts, in a person's words
    charts      a price chart drawn as a PNG (matplotlib), from its series and its labels

The domain (market/rules, market/services, market/models) returns codes and values and never imports this
package: tests/test_architecture.py holds it to that.
"""
