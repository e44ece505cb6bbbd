from tests.html_checks import nested_forms


def test_a_form_inside_another_is_reported():
    html = (
        '<form action="/find/" method="get"><input name="q"><form action="/add/" method="post"></form></form>'
    )
    assert nested_forms(html) == [
        "<form action='/add/' method='post'> (line 1) is inside <form action='/find/' method='get'>"
    ]


def test_forms_side_by_side_and_fields_joined_by_the_form_attribute_are_fine():
    html = '<form id="find" method="get"></form><input form="find" name="sort"><form method="post"></form>'
    assert nested_forms(html) == []
