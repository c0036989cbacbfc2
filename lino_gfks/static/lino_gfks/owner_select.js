// The id field of a GFK (lino_gfks._forms.OwnerSelect): a select2 box asking
// the owner autocomplete view for rows of the type chosen in the type field.
'use strict';
{
    const $ = django.jQuery;

    function init(element) {
        // The type field has the same prefix as this one (e.g. in an inline).
        const prefix = element.name.slice(0, -element.dataset.fieldName.length);
        const typeField = element.form.elements[prefix + element.dataset.typeField];
        $(element).select2({
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    field_name: element.dataset.fieldName,
                    type: typeField ? typeField.value : ''
                })
            }
        });
        if (typeField) {
            typeField.addEventListener('change', () => $(element).val(null).trigger('change'));
        }
    }

    $(function() {
        $('.lino-gfk-owner').not('[name*=__prefix__]').each((i, element) => init(element));
    });
}
